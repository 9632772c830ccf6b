#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGTERM, SIGINT and SIGHUP (logout, Ctrl+C, a closed terminal) into an orderly quit on
// the UI thread, so the window saves its layout and the demo database is stopped.
// The handler only writes a byte to a socket pair (async-signal-safe); the rest is Qt.
class UnixSignals : public QObject
{
    Q_OBJECT

public:
    explicit UnixSignals(QObject* parent = nullptr);

signals:
    void quitRequested(int signal);

private:
    QSocketNotifier* m_notifier = nullptr;
};
