#pragma once

#include <QObject>

class QWidget;

// For tests/bench only (ASTRALIS_STARTUP_REPORT=1): prints the wall-clock time of the main
// window's first paint, then, once the console has been idle for a moment, its resident
// memory, and quits. Output lines are "first_paint_epoch_ms=…" and "rss_kb=…".
class StartupProbe : public QObject
{
    Q_OBJECT

public:
    explicit StartupProbe(QWidget* window);

    static bool enabled();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reportMemoryAndQuit();

    bool m_painted = false;
};
