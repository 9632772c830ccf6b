#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

// One run of a command-line program as a script runs it: arguments, DATABASE_URL, stdin written
// and then closed (nothing may wait for input), output and exit code. For the astralis-cli tests.
struct CliRun
{
    int exitCode = -1; // -2: it crashed; -1: it did not finish (err says so)
    QString out;
    QString err;
};

struct CliRunOptions
{
    QString databaseUrl; // DATABASE_URL; empty: none (also none inherited)
    QByteArray input; // written to stdin before it is closed
    int timeoutMs = 60000;
    // Last changes to the environment (e.g. no DISPLAY).
    std::function<void(QProcessEnvironment*)> environment;
};

CliRun runCli(const QString& program, const QStringList& args, const CliRunOptions& options = {});
