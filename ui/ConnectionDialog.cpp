#include "ConnectionDialog.h"

#include "ConnectionUrl.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QString sslModeLabel(SslMode mode)
{
    switch (mode) {
    case SslMode::Disable:
        return QCoreApplication::translate("ConnectionDialog", "disable — never encrypt");
    case SslMode::Allow:
        return QCoreApplication::translate("ConnectionDialog", "allow — encrypt only if the server insists");
    case SslMode::Prefer:
        return QCoreApplication::translate("ConnectionDialog", "prefer — encrypt when the server can");
    case SslMode::Require:
        return QCoreApplication::translate("ConnectionDialog",
                                           "require — always encrypt, no certificate check");
    case SslMode::VerifyCa:
        return QCoreApplication::translate("ConnectionDialog",
                                           "verify-ca — encrypt and check the certificate");
    case SslMode::VerifyFull:
        return QCoreApplication::translate("ConnectionDialog",
                                           "verify-full — check the certificate and host name");
    }
    return {};
}

} // namespace

ConnectionDialog::ConnectionDialog(ConnectionProfileStore* profiles, QWidget* parent)
    : QDialog(parent)
    , m_profiles(profiles)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connect to Astralis"));
    // Room for a two-line hint and a four-line error without squeezing the form.
    setMinimumSize(780, 500);

    // Saved connections
    m_profileList = new QListWidget(this);
    m_profileList->setObjectName(QStringLiteral("profileListWidget"));
    m_profileList->setMinimumWidth(180);
    m_newButton = new QPushButton(tr("&New"), this);
    m_newButton->setObjectName(QStringLiteral("newProfileButton"));
    m_deleteButton = new QPushButton(tr("&Delete"), this);
    m_deleteButton->setObjectName(QStringLiteral("deleteProfileButton"));
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(m_newButton);
    listButtons->addWidget(m_deleteButton);
    auto* listColumn = new QVBoxLayout;
    auto* listTitle = new QLabel(tr("Saved connections"), this);
    listColumn->addWidget(listTitle);
    listColumn->addWidget(m_profileList, 1);
    listColumn->addLayout(listButtons);

    // The form
    m_nameEdit = new QLineEdit(this);
    m_nameEdit->setObjectName(QStringLiteral("nameLineEdit"));
    m_nameEdit->setPlaceholderText(tr("e.g. Production"));
    m_urlEdit = new QLineEdit(this);
    m_urlEdit->setObjectName(QStringLiteral("urlLineEdit"));
    m_urlEdit->setPlaceholderText(
        QStringLiteral("postgresql://jane@db.example.com:5432/astralis?sslmode=require"));
    m_urlEdit->setClearButtonEnabled(true);
    m_urlHint = new QLabel(this);
    m_urlHint->setObjectName(QStringLiteral("urlHintLabel"));
    m_urlHint->setWordWrap(true);
    m_urlHint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_passwordEdit = new QLineEdit(this);
    m_passwordEdit->setObjectName(QStringLiteral("passwordLineEdit"));
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_sslModeCombo = new QComboBox(this);
    m_sslModeCombo->setObjectName(QStringLiteral("sslModeComboBox"));
    for (const QString& name : sslModeNames()) {
        SslMode mode = SslMode::Prefer;
        sslModeFromName(name, &mode);
        m_sslModeCombo->addItem(sslModeLabel(mode), name);
    }
    m_rootCertEdit = new QLineEdit(this);
    m_rootCertEdit->setObjectName(QStringLiteral("rootCertLineEdit"));
    m_rootCertEdit->setPlaceholderText(
        tr("CA certificate file for verify-ca and verify-full (default: the system's authorities)"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* certRow = new QHBoxLayout;
    certRow->addWidget(m_rootCertEdit, 1);
    certRow->addWidget(browse);
    m_rememberCheck = new QCheckBox(tr("Remember the password in the system keychain"), this);
    m_rememberCheck->setObjectName(QStringLiteral("rememberPasswordCheckBox"));
    m_rememberCheck->setChecked(true);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_nameEdit);
    // The hint sits under the URL in one field: a wrapped label on a row of its own gets the
    // wrong height from QFormLayout.
    auto* urlColumn = new QVBoxLayout;
    urlColumn->setSpacing(4);
    urlColumn->addWidget(m_urlEdit);
    urlColumn->addWidget(m_urlHint);
    auto* urlLabel = new QLabel(tr("Database &URL:"), this);
    urlLabel->setBuddy(m_urlEdit);
    form->addRow(urlLabel, urlColumn);
    form->addRow(tr("&Password:"), m_passwordEdit);
    form->addRow(tr("&TLS:"), m_sslModeCombo);
    // A row whose field is a layout gets no buddy by itself: without one the & would show.
    auto* rootCertLabel = new QLabel(tr("&Root certificate:"), this);
    rootCertLabel->setBuddy(m_rootCertEdit);
    form->addRow(rootCertLabel, certRow);
    form->addRow(QString(), m_rememberCheck);

    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("noticeLabel"));
    m_notice->setWordWrap(true);
    m_notice->hide();

    m_errorFrame = new QFrame(this);
    m_errorFrame->setObjectName(QStringLiteral("errorFrame"));
    m_errorFrame->setStyleSheet(QStringLiteral(
        "#errorFrame { background: rgba(224, 49, 49, 0.10); border: 1px solid rgba(224, 49, 49, 0.55); "
        "border-radius: 6px; }"));
    m_errorTitle = new QLabel(m_errorFrame);
    m_errorTitle->setObjectName(QStringLiteral("errorTitleLabel"));
    QFont bold = m_errorTitle->font();
    bold.setWeight(QFont::DemiBold);
    m_errorTitle->setFont(bold);
    m_errorText = new QLabel(m_errorFrame);
    m_errorText->setObjectName(QStringLiteral("errorTextLabel"));
    m_errorText->setWordWrap(true);
    m_errorText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* errorLayout = new QVBoxLayout(m_errorFrame);
    errorLayout->addWidget(m_errorTitle);
    errorLayout->addWidget(m_errorText);
    m_errorFrame->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_connectButton = m_buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    m_connectButton->setObjectName(QStringLiteral("connectButton"));
    m_connectButton->setDefault(true);
    // First run without a server to hand: a private, seeded workspace on this computer.
    m_demoButton = m_buttons->addButton(tr("Try a &Local Demo Workspace"), QDialogButtonBox::ActionRole);
    m_demoButton->setObjectName(QStringLiteral("demoButton"));
    m_demoButton->setToolTip(
        tr("Starts a private PostgreSQL database on this computer with sample data for two "
           "organizations, and signs you in as a demo staff member."));
    connect(m_demoButton, &QPushButton::clicked, this, [this] {
        clearError();
        emit demoRequested();
    });

    auto* formColumn = new QVBoxLayout;
    formColumn->addLayout(form);
    formColumn->addWidget(m_notice);
    formColumn->addWidget(m_errorFrame);
    formColumn->addStretch(1);

    auto* columns = new QHBoxLayout;
    columns->addLayout(listColumn);
    columns->addSpacing(12);
    columns->addLayout(formColumn, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_buttons);

    connect(m_profileList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0)
            return;
        loadProfile(m_profiles->profile(m_profileList->item(row)->data(Qt::UserRole).toString()));
    });
    connect(m_newButton, &QPushButton::clicked, this, &ConnectionDialog::newProfile);
    connect(m_deleteButton, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(m_urlEdit, &QLineEdit::textChanged, this, &ConnectionDialog::onUrlEdited);
    connect(m_sslModeCombo, &QComboBox::currentIndexChanged, this, &ConnectionDialog::onTlsEdited);
    connect(m_rootCertEdit, &QLineEdit::textEdited, this, &ConnectionDialog::onTlsEdited);
    connect(browse, &QPushButton::clicked, this, &ConnectionDialog::browseRootCert);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::submit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    reloadProfiles(m_profiles->lastUsedId());
    if (m_profileList->count() == 0)
        newProfile();
}

void ConnectionDialog::reloadProfiles(const QString& selectId)
{
    const QSignalBlocker blocker(m_profileList);
    m_profileList->clear();
    int selectRow = -1;
    for (const ConnectionProfile& p : m_profiles->profiles()) {
        auto* item = new QListWidgetItem(p.name.isEmpty() ? p.url : p.name, m_profileList);
        item->setData(Qt::UserRole, p.id);
        item->setToolTip(p.url);
        if (p.id == selectId)
            selectRow = m_profileList->count() - 1;
    }
    if (selectRow < 0 && m_profileList->count() > 0)
        selectRow = 0;
    if (selectRow >= 0) {
        m_profileList->setCurrentRow(selectRow);
        loadProfile(m_profiles->profile(m_profileList->item(selectRow)->data(Qt::UserRole).toString()));
    }
    m_deleteButton->setEnabled(m_profileList->count() > 0);
}

void ConnectionDialog::selectProfile(const QString& id)
{
    reloadProfiles(id);
}

void ConnectionDialog::loadProfile(const ConnectionProfile& profile)
{
    m_profileId = profile.id;
    m_nameEdit->setText(profile.name);
    m_urlEdit->setText(profile.url);
    m_rememberCheck->setChecked(profile.rememberPassword);
    m_passwordEdit->clear();
    clearError();
    validate();
}

void ConnectionDialog::newProfile()
{
    m_profileList->clearSelection();
    m_profileList->setCurrentRow(-1);
    m_profileId.clear();
    m_nameEdit->clear();
    m_urlEdit->clear();
    m_passwordEdit->clear();
    m_sslModeCombo->setCurrentIndex(m_sslModeCombo->findData(sslModeName(SslMode::Prefer)));
    m_rememberCheck->setChecked(true);
    clearError();
    validate();
    m_nameEdit->setFocus();
}

void ConnectionDialog::deleteProfile()
{
    if (m_profileId.isEmpty())
        return;
    m_profiles->remove(m_profileId);
    m_profileId.clear();
    reloadProfiles(QString());
    if (m_profileList->count() == 0)
        newProfile();
}

void ConnectionDialog::onUrlEdited()
{
    if (m_syncing)
        return;
    // A pasted DATABASE_URL often carries the password: move it to the password field so it
    // is never shown in clear text or saved with the profile.
    QString password;
    const QString stripped = ConnectionUrl::withoutPassword(m_urlEdit->text(), &password);
    if (!password.isEmpty()) {
        m_syncing = true;
        m_urlEdit->setText(stripped);
        m_syncing = false;
        m_passwordEdit->setText(password);
        setNotice(tr("The password was moved from the URL into the password field; URLs are saved "
                     "without it."));
    }
    const UrlParseResult parsed = ConnectionUrl::parse(m_urlEdit->text());
    if (parsed.ok) {
        m_syncing = true;
        m_sslModeCombo->setCurrentIndex(m_sslModeCombo->findData(sslModeName(parsed.settings.sslMode)));
        m_rootCertEdit->setText(parsed.settings.sslRootCert);
        m_syncing = false;
    }
    validate();
}

void ConnectionDialog::onTlsEdited()
{
    if (m_syncing)
        return;
    UrlParseResult parsed = ConnectionUrl::parse(m_urlEdit->text());
    if (!parsed.ok)
        return;
    sslModeFromName(m_sslModeCombo->currentData().toString(), &parsed.settings.sslMode);
    parsed.settings.sslRootCert = m_rootCertEdit->text().trimmed();
    m_syncing = true;
    m_urlEdit->setText(parsed.settings.toUrl());
    m_syncing = false;
    validate();
}

void ConnectionDialog::validate()
{
    const QString text = m_urlEdit->text().trimmed();
    if (text.isEmpty()) {
        m_urlHint->setText(tr("Paste the DATABASE_URL your administrator gave you."));
        m_urlHint->setStyleSheet(QString());
        m_connectButton->setEnabled(false);
        return;
    }
    const UrlParseResult parsed = ConnectionUrl::parse(text);
    if (!parsed.ok) {
        m_urlHint->setText(parsed.error);
        m_urlHint->setStyleSheet(QStringLiteral("color: #e03131;"));
        m_connectButton->setEnabled(false);
        return;
    }
    const ConnectionSettings& s = parsed.settings;
    const QString where = s.isUnixSocket() ? tr("socket %1").arg(s.host)
                                           : tr("%1, port %2").arg(s.host, QString::number(s.port));
    QString hint
        = tr("User %1 · database %2 · %3 · TLS %4").arg(s.user, s.database, where, sslModeName(s.sslMode));
    // The person may have chosen it on purpose, but must know what it means.
    if (s.tlsDowngradePossible())
        hint += QLatin1Char('\n')
            + tr("Warning: with sslmode=%1 someone on the network path can turn encryption off and read the "
                 "password. Use verify-full (or at least require).")
                  .arg(sslModeName(s.sslMode));
    m_urlHint->setText(hint);
    m_urlHint->setStyleSheet(s.tlsDowngradePossible() ? QStringLiteral("color: #e8590c;") : QString());
    m_connectButton->setEnabled(true);
}

void ConnectionDialog::browseRootCert()
{
    // open(), not the static getter: no nested event loop (heartbeat and repaint go on).
    auto* chooser = new QFileDialog(this, tr("Root certificate"), QString(),
                                    tr("Certificates (*.crt *.pem *.cer);;All files (*)"));
    chooser->setObjectName(QStringLiteral("rootCertFileDialog"));
    chooser->setAttribute(Qt::WA_DeleteOnClose);
    chooser->setFileMode(QFileDialog::ExistingFile);
    connect(chooser, &QFileDialog::fileSelected, this, [this](const QString& file) {
        m_rootCertEdit->setText(file);
        onTlsEdited();
    });
    chooser->open();
}

void ConnectionDialog::setUrl(const QString& url)
{
    m_urlEdit->setText(url);
}

void ConnectionDialog::setPassword(const QString& password)
{
    m_passwordEdit->setText(password);
}

void ConnectionDialog::setNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ConnectionDialog::showError(const QString& title, const QString& text)
{
    m_errorTitle->setText(title);
    m_errorText->setText(text);
    m_errorFrame->show();
}

void ConnectionDialog::clearError()
{
    m_errorFrame->hide();
    m_errorTitle->clear();
    m_errorText->clear();
}

void ConnectionDialog::setBusy(bool busy)
{
    m_connectButton->setEnabled(!busy);
    m_demoButton->setEnabled(!busy);
    m_connectButton->setText(busy ? tr("Connecting…") : tr("&Connect"));
    m_profileList->setEnabled(!busy);
    m_urlEdit->setReadOnly(busy);
    m_passwordEdit->setReadOnly(busy);
    if (!busy)
        validate();
}

ConnectionProfile ConnectionDialog::currentProfile() const
{
    ConnectionProfile p = m_profiles->profile(m_profileId);
    p.id = m_profileId;
    p.url = m_urlEdit->text().trimmed();
    const UrlParseResult parsed = ConnectionUrl::parse(p.url);
    p.name = m_nameEdit->text().trimmed();
    if (p.name.isEmpty() && parsed.ok)
        p.name = parsed.settings.displayName();
    p.rememberPassword = m_rememberCheck->isChecked();
    return p;
}

bool ConnectionDialog::currentSettings(ConnectionSettings* settings) const
{
    const UrlParseResult parsed = ConnectionUrl::parse(m_urlEdit->text());
    if (!parsed.ok)
        return false;
    *settings = parsed.settings;
    settings->password = m_passwordEdit->text();
    return true;
}

bool ConnectionDialog::rememberPassword() const
{
    return m_rememberCheck->isChecked();
}

void ConnectionDialog::submit()
{
    ConnectionSettings settings;
    if (!currentSettings(&settings)) {
        validate();
        return;
    }
    clearError();
    emit connectRequested(currentProfile(), settings, m_rememberCheck->isChecked());
}
