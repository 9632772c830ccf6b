#pragma once

#include <QDialog>

class QComboBox;

// Language and appearance. The theme applies at once; the language at the next start
// (every string would otherwise need re-translating in place).
class PreferencesDialog : public QDialog
{
    Q_OBJECT

public:
    explicit PreferencesDialog(QWidget* parent = nullptr);

    static QString languageSetting(); // "" = follow the system
    static QString themeSetting(); // "system" | "light" | "dark"

private:
    void save();

    QComboBox* m_languageCombo = nullptr;
    QComboBox* m_themeCombo = nullptr;
};
