#pragma once

#include "ConnectionProfileStore.h"
#include "ConnectionSettings.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

// Chooses or edits a saved connection and asks for its password. It does not connect by
// itself: it emits connectRequested() and ConnectionController answers with setBusy(),
// showError() or accept(), so the dialog stays open with a specific message on failure.
class ConnectionDialog : public QDialog
{
    Q_OBJECT

public:
    explicit ConnectionDialog(ConnectionProfileStore* profiles, QWidget* parent = nullptr);

    void selectProfile(const QString& id);
    void setUrl(const QString& url);
    void setPassword(const QString& password);
    // An information line above the buttons (e.g. why the password is asked each session).
    void setNotice(const QString& text);
    void showError(const QString& title, const QString& text);
    void clearError();
    void setBusy(bool busy);

    // The form as it stands; ok=false when the URL does not parse.
    ConnectionProfile currentProfile() const;
    bool currentSettings(ConnectionSettings* settings) const;
    bool rememberPassword() const;

signals:
    void connectRequested(const ConnectionProfile& profile, const ConnectionSettings& settings,
                          bool rememberPassword);
    void demoRequested();

private:
    void reloadProfiles(const QString& selectId);
    void loadProfile(const ConnectionProfile& profile);
    void newProfile();
    void deleteProfile();
    void onUrlEdited();
    void onTlsEdited();
    void validate();
    void browseRootCert();
    void submit();

    ConnectionProfileStore* m_profiles;
    QString m_profileId;
    bool m_syncing = false;

    QListWidget* m_profileList = nullptr;
    QPushButton* m_newButton = nullptr;
    QPushButton* m_deleteButton = nullptr;
    QLineEdit* m_nameEdit = nullptr;
    QLineEdit* m_urlEdit = nullptr;
    QLabel* m_urlHint = nullptr;
    QLineEdit* m_passwordEdit = nullptr;
    QComboBox* m_sslModeCombo = nullptr;
    QLineEdit* m_rootCertEdit = nullptr;
    QCheckBox* m_rememberCheck = nullptr;
    QLabel* m_notice = nullptr;
    QLabel* m_errorTitle = nullptr;
    QLabel* m_errorText = nullptr;
    QWidget* m_errorFrame = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_connectButton = nullptr;
    QPushButton* m_demoButton = nullptr;
};
