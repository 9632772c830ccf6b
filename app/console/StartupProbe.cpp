#include "StartupProbe.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEvent>
#include <QFile>
#include <QTimer>
#include <QWidget>

#include <cstdio>

StartupProbe::StartupProbe(QWidget* window)
    : QObject(window)
{
    window->installEventFilter(this);
}

bool StartupProbe::enabled()
{
    return qEnvironmentVariableIntValue("ASTRALIS_STARTUP_REPORT") == 1;
}

bool StartupProbe::eventFilter(QObject* watched, QEvent* event)
{
    if (!m_painted && event->type() == QEvent::Paint) {
        m_painted = true;
        std::printf("first_paint_epoch_ms=%lld\n", QDateTime::currentMSecsSinceEpoch());
        std::fflush(stdout);
        // Without a sign-in (no server, a dialog waiting for a person): idle after 10 s.
        QTimer::singleShot(10000, this, &StartupProbe::reportMemoryAndQuit);
    }
    return QObject::eventFilter(watched, event);
}

void StartupProbe::signedIn()
{
    std::printf("signed_in_epoch_ms=%lld\n", QDateTime::currentMSecsSinceEpoch());
    std::fflush(stdout);
    // "Idle": the first screen loaded, the first heartbeat gone by.
    QTimer::singleShot(1000, this, &StartupProbe::reportMemoryAndQuit);
}

void StartupProbe::reportMemoryAndQuit()
{
    if (m_reported)
        return;
    m_reported = true;
    QFile status(QStringLiteral("/proc/self/status"));
    if (status.open(QIODevice::ReadOnly)) {
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:")) {
                std::printf("rss_kb=%s\n", line.mid(6).trimmed().split(' ').value(0).constData());
                break;
            }
        }
    }
    std::fflush(stdout);
    QCoreApplication::quit();
}
