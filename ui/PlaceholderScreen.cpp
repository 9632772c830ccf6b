#include "PlaceholderScreen.h"

#include "IconLoader.h"
#include "Theme.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

PlaceholderScreen::PlaceholderScreen(const ScreenInfo& info, QWidget* parent)
    : QWidget(parent)
    , m_info(info)
{
    setObjectName(info.key + QStringLiteral("Screen"));

    auto* title = new QLabel(info.title, this);
    title->setObjectName(QStringLiteral("screenTitleLabel"));
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.5);
    titleFont.setWeight(QFont::DemiBold);
    title->setFont(titleFont);

    m_icon = new QLabel(this);
    m_icon->setAlignment(Qt::AlignCenter);

    auto* heading = new QLabel(tr("This screen is not built yet"), this);
    heading->setObjectName(QStringLiteral("notBuiltLabel"));
    QFont headingFont = heading->font();
    headingFont.setPointSizeF(headingFont.pointSizeF() * 1.2);
    headingFont.setWeight(QFont::DemiBold);
    heading->setFont(headingFont);
    heading->setAlignment(Qt::AlignCenter);

    auto* description = new QLabel(info.description, this);
    description->setWordWrap(true);
    description->setAlignment(Qt::AlignCenter);

    auto* honesty = new QLabel(tr("It arrives in a coming release. Until then it shows nothing, rather than "
                                  "sample data that could be mistaken for your organization's."),
                               this);
    honesty->setWordWrap(true);
    honesty->setAlignment(Qt::AlignCenter);
    honesty->setForegroundRole(QPalette::PlaceholderText);

    // A column of readable width, centred; no alignment flags on the wrapped labels, so the
    // layout gives them the height their wrapped text needs.
    auto* column = new QWidget(this);
    column->setMaximumWidth(540);
    auto* columnLayout = new QVBoxLayout(column);
    columnLayout->setContentsMargins(0, 0, 0, 0);
    columnLayout->setSpacing(10);
    columnLayout->addWidget(m_icon);
    columnLayout->addSpacing(4);
    columnLayout->addWidget(heading);
    columnLayout->addWidget(description);
    columnLayout->addWidget(honesty);

    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(column, 3);
    row->addStretch(1);

    auto* center = new QVBoxLayout;
    center->addStretch(2);
    center->addLayout(row);
    center->addStretch(3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(28, 22, 28, 22);
    layout->addWidget(title);
    layout->addLayout(center, 1);
    updateIcon();
}

void PlaceholderScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        updateIcon();
    QWidget::changeEvent(event);
}

void PlaceholderScreen::updateIcon()
{
    QColor color = palette().color(QPalette::WindowText);
    color.setAlphaF(0.35f);
    // SVG colours are opaque; blend the muted colour with the window instead of using alpha.
    const QColor window = palette().color(QPalette::Window);
    const QColor muted = QColor::fromRgbF(window.redF() * 0.65f + color.redF() * 0.35f,
                                          window.greenF() * 0.65f + color.greenF() * 0.35f,
                                          window.blueF() * 0.65f + color.blueF() * 0.35f);
    m_icon->setPixmap(IconLoader::pixmap(m_info.iconName, muted, 72, devicePixelRatioF()));
}
