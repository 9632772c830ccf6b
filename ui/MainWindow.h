#pragma once

#include <QMainWindow>

class ConnectionStatusWidget;
class DatabaseService;
class QListWidget;
class QStackedWidget;
class QVBoxLayout;

// The console's frame: a sidebar of screens (Ctrl+1 … Ctrl+9), the screen stack, menus and
// the status bar. Geometry and the last screen are restored between sessions.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(DatabaseService* database, QWidget* parent = nullptr);

    void showScreen(int index);
    // Puts a built screen in place of its "not built yet" placeholder.
    void setScreenWidget(int index, QWidget* screen);
    // A full-width strip above the screens (the offline banner).
    void setBanner(QWidget* banner);
    // A widget at the right of the status bar (local changes waiting).
    void addStatusWidget(QWidget* widget);
    ConnectionStatusWidget* connectionStatus() const { return m_status; }
    int currentScreen() const;
    QString currentScreenKey() const;

signals:
    void connectRequested();
    void disconnectRequested();
    void preferencesRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    void changeEvent(QEvent* event) override;

private:
    void buildSidebar();
    void buildMenus();
    void restoreLayout();
    void saveLayout() const;
    void updateSidebarColors();
    void updateWindowTitle();
    void showAbout();

    DatabaseService* m_database;
    QWidget* m_sidebar = nullptr;
    QListWidget* m_screenList = nullptr;
    QStackedWidget* m_stack = nullptr;
    QVBoxLayout* m_content = nullptr; // banner above the screens
    ConnectionStatusWidget* m_status = nullptr;
};
