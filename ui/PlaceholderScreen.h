#pragma once

#include "ScreenCatalog.h"

#include <QWidget>

class QLabel;

// Stands in for a screen that is not built yet and says so plainly: what the screen will do,
// and that nothing is shown rather than sample data.
class PlaceholderScreen : public QWidget
{
    Q_OBJECT

public:
    explicit PlaceholderScreen(const ScreenInfo& info, QWidget* parent = nullptr);

protected:
    void changeEvent(QEvent* event) override;

private:
    void updateIcon();

    ScreenInfo m_info;
    QLabel* m_icon = nullptr;
};
