#include "ConnectionStatusWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QTimer>

namespace {

QString dotStyle(const QColor& color)
{
    return QStringLiteral("QLabel { background: %1; border-radius: 5px; }").arg(color.name());
}

} // namespace

ConnectionStatusWidget::ConnectionStatusWidget(DatabaseService* database, QWidget* parent)
    : QWidget(parent)
    , m_database(database)
{
    setObjectName(QStringLiteral("connectionStatusWidget"));
    m_dot = new QLabel(this);
    m_dot->setFixedSize(10, 10);
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("connectionStateLabel"));
    m_tls = new QLabel(this);
    m_tls->setObjectName(QStringLiteral("tlsStateLabel"));
    m_user = new QLabel(this);
    m_user->setObjectName(QStringLiteral("signedInUserLabel"));
    m_organization = new QLabel(this);
    m_organization->setObjectName(QStringLiteral("organizationLabel"));

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->setSpacing(8);
    layout->addWidget(m_dot);
    layout->addWidget(m_state);
    layout->addSpacing(18);
    layout->addWidget(m_tls);
    layout->addSpacing(18);
    layout->addWidget(m_user);
    layout->addSpacing(18);
    layout->addWidget(m_organization);
    layout->addStretch(1);

    m_countdown = new QTimer(this);
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, [this] {
        m_secondsLeft = qMax(0, m_secondsLeft - 1);
        refresh();
    });
    connect(m_database, &DatabaseService::stateChanged, this, [this] {
        m_countdown->stop();
        refresh();
    });
    connect(m_database, &DatabaseService::connected, this, &ConnectionStatusWidget::refresh);
    connect(m_database, &DatabaseService::sessionChanged, this, &ConnectionStatusWidget::refresh);
    connect(m_database, &DatabaseService::reconnectScheduled, this,
            &ConnectionStatusWidget::onReconnectScheduled);
    refresh();
}

QString ConnectionStatusWidget::stateText() const
{
    return m_state->text();
}

QString ConnectionStatusWidget::tlsText() const
{
    return m_tls->isVisibleTo(this) ? m_tls->text() : QString();
}

void ConnectionStatusWidget::onReconnectScheduled(int, int delayMs)
{
    m_secondsLeft = (delayMs + 999) / 1000;
    m_countdown->start();
    refresh();
}

void ConnectionStatusWidget::setWorkingOffline(bool offline)
{
    m_workingOffline = offline;
    refresh();
}

void ConnectionStatusWidget::refresh()
{
    const SessionInfo& session = m_database->session();
    QColor dot;
    QString state;
    switch (m_database->state()) {
    case DatabaseService::State::Online:
        dot = QColor(0x2f, 0x9e, 0x44);
        state = tr("Online");
        break;
    case DatabaseService::State::Connecting:
        dot = QColor(0xf0, 0x8c, 0x00);
        state = tr("Connecting to %1…").arg(m_database->settings().displayName());
        break;
    case DatabaseService::State::Reconnecting:
        dot = QColor(0xe0, 0x31, 0x31);
        state = m_secondsLeft > 0 ? tr("Offline — reconnecting in %n s", nullptr, m_secondsLeft)
                                  : tr("Offline — reconnecting…");
        break;
    case DatabaseService::State::Disconnected:
        dot = QColor(0x86, 0x8e, 0x96);
        state = tr("Not connected");
        break;
    }
    if (m_workingOffline && m_database->state() != DatabaseService::State::Online) {
        dot = QColor(0xe0, 0x31, 0x31);
        state = tr("Offline — working from this computer's copy, retrying");
    }
    m_dot->setStyleSheet(dotStyle(dot));
    m_state->setText(state);
    m_dot->setToolTip(session.serverLabel);
    m_state->setToolTip(session.serverLabel.isEmpty()
                            ? QString()
                            : tr("%1 — PostgreSQL %2").arg(session.serverLabel, session.serverVersion));

    refreshTls(session);

    const bool known = !session.role.isEmpty();
    m_user->setVisible(known);
    m_organization->setVisible(known);
    if (known) {
        const QString who = session.userDisplayName.isEmpty()
            ? session.role
            : tr("%1 (%2)").arg(session.userDisplayName, session.role);
        m_user->setText(tr("Signed in as %1").arg(who));
        m_organization->setText(session.organizationName.isEmpty()
                                    ? tr("Organization: not linked")
                                    : tr("Organization: %1").arg(session.organizationName));
        m_organization->setToolTip(session.organizationName.isEmpty() ? tr(
                                       "This login is not yet linked to an Astralis user and organization.")
                                                                      : QString());
    }
}

void ConnectionStatusWidget::refreshTls(const SessionInfo& session)
{
    const bool show = session.tlsKnown && m_database->state() == DatabaseService::State::Online;
    m_tls->setVisible(show);
    if (!show)
        return;
    const ConnectionSettings& settings = m_database->settings();
    QString text;
    QStringList tip;
    bool warn = false;
    if (session.unixSocket) {
        text = tr("Local socket");
        tip << tr("Connected through the local socket %1: the connection never leaves this computer.")
                   .arg(settings.host);
    } else if (session.tls) {
        // pg_stat_ssl says "TLSv1.3".
        text = QString(session.tlsVersion).replace(QLatin1String("TLSv"), QLatin1String("TLS "));
        tip << tr("Encrypted with %1, cipher %2.").arg(session.tlsVersion, session.tlsCipher);
        if (session.sslMode == QLatin1String("verify-full"))
            tip << tr("Server certificate: checked, including the host name (verify-full).");
        else if (session.sslMode == QLatin1String("verify-ca"))
            tip << tr("Server certificate: checked against the certificate authority, not the host name "
                      "(verify-ca).");
        else
            tip << tr("Server certificate: not checked (sslmode=%1).").arg(session.sslMode);
    } else {
        text = tr("Not encrypted");
        tip << tr("The connection is not encrypted (sslmode=%1).").arg(session.sslMode);
        warn = !settings.isLocal();
    }
    if (!session.unixSocket) {
        if (session.channelBinding == QLatin1String("require"))
            tip << tr("Channel binding: required — the server proved it holds this login's password "
                      "verifier over this very connection.");
        else if (session.channelBinding == QLatin1String("disable"))
            tip << tr("Channel binding: off (channel_binding=disable).");
        else
            tip << tr("Channel binding: not required.");
    }
    if (settings.tlsDowngradePossible()) {
        warn = true;
        tip << tr("Warning: with sslmode=%1 someone on the network path can turn encryption off "
                  "unnoticed and read the password. Use sslmode=verify-full.")
                   .arg(session.sslMode);
    }
    m_tls->setText(text);
    m_tls->setToolTip(tip.join(QLatin1Char('\n')));
    m_tls->setStyleSheet(warn ? QStringLiteral("QLabel { color: #e03131; font-weight: 600; }") : QString());
}
