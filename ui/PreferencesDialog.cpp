#include "PreferencesDialog.h"

#include "Theme.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace {

const QString kLanguageKey = QStringLiteral("ui/language");
const QString kThemeKey = QStringLiteral("ui/theme");

} // namespace

PreferencesDialog::PreferencesDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("preferencesDialog"));
    setWindowTitle(tr("Preferences"));

    m_languageCombo = new QComboBox(this);
    m_languageCombo->setObjectName(QStringLiteral("languageComboBox"));
    m_languageCombo->addItem(tr("System language"), QString());
    m_languageCombo->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_languageCombo->addItem(QStringLiteral("Deutsch"), QStringLiteral("de"));
    m_languageCombo->setCurrentIndex(qMax(0, m_languageCombo->findData(languageSetting())));

    m_themeCombo = new QComboBox(this);
    m_themeCombo->setObjectName(QStringLiteral("themeComboBox"));
    m_themeCombo->addItem(tr("System"), QStringLiteral("system"));
    m_themeCombo->addItem(tr("Light"), QStringLiteral("light"));
    m_themeCombo->addItem(tr("Dark"), QStringLiteral("dark"));
    m_themeCombo->setCurrentIndex(qMax(0, m_themeCombo->findData(themeSetting())));

    auto* note = new QLabel(tr("A new language takes effect when the console starts next."), this);
    note->setWordWrap(true);
    note->setForegroundRole(QPalette::PlaceholderText);

    auto* form = new QFormLayout;
    form->addRow(tr("&Language:"), m_languageCombo);
    form->addRow(QString(), note);
    form->addRow(tr("&Appearance:"), m_themeCombo);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        save();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

QString PreferencesDialog::languageSetting()
{
    return QSettings().value(kLanguageKey).toString();
}

QString PreferencesDialog::themeSetting()
{
    return QSettings().value(kThemeKey, QStringLiteral("system")).toString();
}

void PreferencesDialog::save()
{
    QSettings settings;
    settings.setValue(kLanguageKey, m_languageCombo->currentData().toString());
    const QString theme = m_themeCombo->currentData().toString();
    settings.setValue(kThemeKey, theme);
    Theme::apply(qApp, Theme::modeFromString(theme));
}
