#include "CliDatabase.h"

#include "CliApp.h"
#include "ConnectionUrl.h"

#include <QCoreApplication>

#include <unistd.h>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(CliDatabase)
};

} // namespace

int CliDatabase::parse(const QString& urlOption)
{
    m_urlOption = urlOption;
    if (const int code = Cli::connectionSettings(urlOption, &m_settings))
        return code;
    if (m_settings.password.isEmpty())
        m_settings.password = m_promptedPassword;
    m_settings.applicationName = QStringLiteral("astralis-cli");
    return 0;
}

int CliDatabase::open(const QString& urlOption, const std::function<int(const CliDatabase&)>& beforeConnect)
{
    if (const int code = parse(urlOption))
        return code;
    if (beforeConnect) {
        if (const int code = beforeConnect(*this))
            return code;
    }
    return connect(nullptr);
}

int CliDatabase::openOrOffline(const QString& urlOption, bool* offline)
{
    *offline = false;
    if (const int code = parse(urlOption))
        return code;
    return connect(offline);
}

int CliDatabase::connect(bool* offline)
{
    const Connector connectTo = m_connector
        ? m_connector
        : Connector([this](const ConnectionSettings& settings) { return m_connection.open(settings); });
    ConnectResult result = connectTo(m_settings);
    // The server wants a password and none was given: ask, on a terminal only (never when
    // stdin is a pipe or a script's), and once.
    if (result.error.code == ConnectErrorCode::PasswordRequired && m_settings.password.isEmpty()
        && !Cli::passwordFromStdin() && isatty(STDIN_FILENO)) {
        m_promptedPassword = Cli::promptPassword(Text::tr("Password for %1: ").arg(m_settings.displayName()));
        if (!m_promptedPassword.isEmpty()) {
            m_settings.password = m_promptedPassword;
            result = connectTo(m_settings);
        }
    }
    m_settings.password.clear();
    m_session = result.session;
    m_open = result.ok();
    if (offline) {
        switch (result.error.code) {
        case ConnectErrorCode::HostUnknown:
        case ConnectErrorCode::HostUnreachable:
        case ConnectErrorCode::Timeout:
        case ConnectErrorCode::ServerBusy:
            *offline = true;
            return 0;
        default:
            break;
        }
    }
    if (!result.ok()) {
        Cli::err(QStringLiteral("astralis-cli: ") + ConnectErrors::title(result.error.code)
                 + QStringLiteral(": ") + ConnectErrors::describe(result.error, m_settings)
                 + QLatin1Char('\n'));
        return ConnectErrors::exitCode(result.error.code);
    }
    return 0;
}

int CliDatabase::reconnect()
{
    m_connection.close();
    m_open = false;
    if (const int code = parse(m_urlOption))
        return code;
    return connect(nullptr);
}

bool CliDatabase::isLocal() const
{
    static const QStringList loopback
        = {QStringLiteral("localhost"), QStringLiteral("127.0.0.1"), QStringLiteral("::1")};
    return m_settings.isUnixSocket() || loopback.contains(m_settings.host);
}
