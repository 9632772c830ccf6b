#pragma once

#include <QObject>

class QWidget;

// For tests/bench only (ASTRALIS_STARTUP_REPORT=1): prints the wall-clock time of the main
// window's first paint, then, once the console is signed in (or 10 s have passed) and has
// been idle for a second, its resident memory, and quits.
// Output lines are "first_paint_epoch_ms=…", "signed_in_epoch_ms=…" and "rss_kb=…".
class StartupProbe : public QObject
{
    Q_OBJECT

public:
    explicit StartupProbe(QWidget* window);

    static bool enabled();
    void signedIn();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reportMemoryAndQuit();

    bool m_painted = false;
    bool m_reported = false;
};
