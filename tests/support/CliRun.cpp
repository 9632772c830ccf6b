#include "CliRun.h"

#include <QProcess>

CliRun runCli(const QString& program, const QStringList& args, const CliRunOptions& options)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("DATABASE_URL"));
    if (!options.databaseUrl.isEmpty())
        env.insert(QStringLiteral("DATABASE_URL"), options.databaseUrl);
    if (options.environment)
        options.environment(&env);
    process.setProcessEnvironment(env);
    process.start(program, args);
    CliRun r;
    if (!process.waitForStarted(10000)) {
        r.err = QStringLiteral("%1 did not start: %2").arg(program, process.errorString());
        return r;
    }
    if (!options.input.isEmpty())
        process.write(options.input);
    process.closeWriteChannel();
    if (!process.waitForFinished(options.timeoutMs)) {
        process.kill();
        process.waitForFinished();
        r.err = QStringLiteral("%1 %2 did not finish").arg(program, args.join(QLatin1Char(' ')));
        return r;
    }
    r.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}
