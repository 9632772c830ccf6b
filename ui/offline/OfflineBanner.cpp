#include "OfflineBanner.h"

#include "DatabaseService.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>

OfflineBanner::OfflineBanner(DatabaseService* database, QWidget* parent)
    : QFrame(parent)
    , m_database(database)
{
    setObjectName(QStringLiteral("offlineBanner"));
    setStyleSheet(QStringLiteral("#offlineBanner { background: #fff3cd; border-bottom: 1px solid #e0c36a; }"
                                 "#offlineBanner QLabel { color: #5c4400; }"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(12, 6, 12, 6);
    m_label = new QLabel(this);
    m_label->setObjectName(QStringLiteral("offlineBannerLabel"));
    m_label->setWordWrap(true);
    layout->addWidget(m_label, 1);
    hide();
    connect(m_database, &DatabaseService::stateChanged, this, [this](DatabaseService::State state) {
        if (state == DatabaseService::State::Online)
            hide();
        else if (state == DatabaseService::State::Reconnecting)
            showOffline(QDateTime::currentDateTime());
    });
}

void OfflineBanner::showOffline(const QDateTime& since)
{
    if (m_database->isOnline())
        return;
    const QLocale locale;
    const QString when = since.date() == QDate::currentDate()
        ? locale.toString(since.time(), QLocale::ShortFormat)
        : locale.toString(since, QLocale::ShortFormat);
    m_label->setText(tr("<b>Offline since %1.</b> You are working with what this computer last loaded. "
                        "Changes are saved here and sent when the server is back; the status bar shows "
                        "how many are waiting.")
                         .arg(when.toHtmlEscaped()));
    show();
}

QString OfflineBanner::text() const
{
    return m_label->text();
}
