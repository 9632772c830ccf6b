#include "MainWindow.h"

#include "ConnectionStatusWidget.h"
#include "DatabaseService.h"
#include "IconLoader.h"
#include "LogHandler.h"
#include "PlaceholderScreen.h"
#include "ScreenCatalog.h"
#include "SidebarDelegate.h"
#include "Theme.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUrl>
#include <QVBoxLayout>

namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kScreenKey = QStringLiteral("mainWindow/screen");

} // namespace

MainWindow::MainWindow(DatabaseService* database, QWidget* parent)
    : QMainWindow(parent)
    , m_database(database)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/astralis.svg")));
    setMinimumSize(960, 600);

    m_stack = new QStackedWidget(this);
    m_stack->setObjectName(QStringLiteral("screenStack"));
    for (const ScreenInfo& info : ScreenCatalog::screens())
        m_stack->addWidget(new PlaceholderScreen(info, m_stack));

    buildSidebar();

    auto* central = new QWidget(this);
    auto* layout = new QHBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_sidebar);
    m_content = new QVBoxLayout;
    m_content->setContentsMargins(0, 0, 0, 0);
    m_content->setSpacing(0);
    m_content->addWidget(m_stack, 1);
    layout->addLayout(m_content, 1);
    setCentralWidget(central);

    m_status = new ConnectionStatusWidget(m_database, this);
    statusBar()->setObjectName(QStringLiteral("mainStatusBar"));
    statusBar()->addWidget(m_status, 1);

    buildMenus();
    connect(m_database, &DatabaseService::stateChanged, this, &MainWindow::updateWindowTitle);
    connect(m_database, &DatabaseService::connected, this, &MainWindow::updateWindowTitle);
    connect(m_database, &DatabaseService::sessionChanged, this, &MainWindow::updateWindowTitle);
    updateWindowTitle();
    updateSidebarColors();
    restoreLayout();
}

void MainWindow::setBanner(QWidget* banner)
{
    m_content->insertWidget(0, banner);
}

void MainWindow::addStatusWidget(QWidget* widget)
{
    statusBar()->addPermanentWidget(widget);
}

void MainWindow::buildSidebar()
{
    m_sidebar = new QWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebarWidget"));
    m_sidebar->setFixedWidth(228);
    m_sidebar->setAutoFillBackground(true);

    auto* brand = new QLabel(tr("Astralis Console"), m_sidebar);
    brand->setObjectName(QStringLiteral("brandLabel"));
    QFont brandFont = brand->font();
    brandFont.setPointSizeF(brandFont.pointSizeF() * 1.15);
    brandFont.setWeight(QFont::Bold);
    brand->setFont(brandFont);
    auto* logo = new QLabel(m_sidebar);
    logo->setPixmap(QIcon(QStringLiteral(":/icons/astralis.svg")).pixmap(28, 28));
    auto* brandRow = new QHBoxLayout;
    brandRow->setContentsMargins(18, 16, 12, 14);
    brandRow->setSpacing(10);
    brandRow->addWidget(logo);
    brandRow->addWidget(brand, 1);

    m_screenList = new QListWidget(m_sidebar);
    m_screenList->setObjectName(QStringLiteral("screenListWidget"));
    m_screenList->setItemDelegate(new SidebarDelegate(m_screenList));
    m_screenList->setFrameShape(QFrame::NoFrame);
    m_screenList->setUniformItemSizes(true);
    m_screenList->setMouseTracking(true);
    m_screenList->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_screenList->viewport()->setAutoFillBackground(false);
    m_screenList->setAutoFillBackground(false);
    for (const ScreenInfo& info : ScreenCatalog::screens()) {
        auto* item = new QListWidgetItem(info.title, m_screenList);
        item->setData(SidebarDelegate::IconNameRole, info.iconName);
        item->setData(SidebarDelegate::ShortcutRole, info.shortcut.toString(QKeySequence::NativeText));
        item->setToolTip(tr("%1 (%2)").arg(info.title, info.shortcut.toString(QKeySequence::NativeText)));
    }
    connect(m_screenList, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0)
            m_stack->setCurrentIndex(row);
    });

    auto* column = new QVBoxLayout(m_sidebar);
    column->setContentsMargins(0, 0, 0, 8);
    column->setSpacing(0);
    column->addLayout(brandRow);
    column->addWidget(m_screenList, 1);
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* connectAction = file->addAction(tr("&Connect to Server…"), this, &MainWindow::connectRequested);
    connectAction->setObjectName(QStringLiteral("connectAction"));
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    QAction* disconnectAction = file->addAction(tr("&Disconnect"), this, &MainWindow::disconnectRequested);
    disconnectAction->setObjectName(QStringLiteral("disconnectAction"));
    connect(m_database, &DatabaseService::stateChanged, disconnectAction, [this, disconnectAction] {
        disconnectAction->setEnabled(m_database->state() != DatabaseService::State::Disconnected);
    });
    disconnectAction->setEnabled(false);
    file->addSeparator();
    QAction* preferences = file->addAction(tr("&Preferences…"), this, &MainWindow::preferencesRequested);
    preferences->setObjectName(QStringLiteral("preferencesAction"));
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    preferences->setMenuRole(QAction::PreferencesRole);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);

    QMenu* go = menuBar()->addMenu(tr("&Go"));
    const auto& screens = ScreenCatalog::screens();
    for (int i = 0; i < screens.size(); ++i) {
        QAction* action = go->addAction(screens.at(i).title, this, [this, i] { showScreen(i); });
        action->setObjectName(screens.at(i).key + QStringLiteral("Action"));
        action->setShortcut(screens.at(i).shortcut);
        action->setShortcutContext(Qt::ApplicationShortcut);
    }

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("Open &Log Folder"), this, [] {
        const QString path = LogHandler::filePath();
        if (!path.isEmpty())
            QDesktopServices::openUrl(QUrl::fromLocalFile(QFileInfo(path).absolutePath()));
    });
    QAction* about = help->addAction(tr("&About Astralis Console"), this, &MainWindow::showAbout);
    about->setMenuRole(QAction::AboutRole);
}

void MainWindow::showScreen(int index)
{
    if (index < 0 || index >= m_stack->count())
        return;
    m_screenList->setCurrentRow(index);
    m_stack->setCurrentIndex(index);
}

void MainWindow::setScreenWidget(int index, QWidget* screen)
{
    QWidget* old = m_stack->widget(index);
    const bool current = m_stack->currentIndex() == index;
    m_stack->insertWidget(index, screen);
    if (old) {
        m_stack->removeWidget(old);
        old->deleteLater();
    }
    if (current)
        m_stack->setCurrentIndex(index);
}

int MainWindow::currentScreen() const
{
    return m_stack->currentIndex();
}

QString MainWindow::currentScreenKey() const
{
    return ScreenCatalog::screens().value(currentScreen()).key;
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        // First start: 1280×800, or 90 % of a smaller screen, centred.
        const QRect available = screen() ? screen()->availableGeometry() : QRect(0, 0, 1280, 800);
        const QSize size(qMin(1280, available.width() * 9 / 10), qMin(800, available.height() * 9 / 10));
        resize(size);
        move(available.center() - rect().center());
    }
    restoreState(settings.value(kStateKey).toByteArray());
    const int index = ScreenCatalog::indexOfKey(settings.value(kScreenKey).toString());
    showScreen(index >= 0 ? index : 0);
}

void MainWindow::saveLayout() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kScreenKey, currentScreenKey());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::PaletteChange)
        updateSidebarColors();
    QMainWindow::changeEvent(event);
}

void MainWindow::updateSidebarColors()
{
    QPalette pal = m_sidebar->palette();
    pal.setColor(QPalette::Window, Theme::sidebarColor(palette()));
    pal.setColor(QPalette::Base, Theme::sidebarColor(palette()));
    m_sidebar->setPalette(pal);
}

void MainWindow::updateWindowTitle()
{
    const SessionInfo& session = m_database->session();
    if (session.database.isEmpty())
        setWindowTitle(tr("Astralis Console"));
    else
        setWindowTitle(
            tr("%1 — Astralis Console")
                .arg(session.organizationName.isEmpty() ? session.serverLabel : session.organizationName));
}

void MainWindow::showAbout()
{
    auto* box
        = new QMessageBox(QMessageBox::Information, tr("About Astralis Console"),
                          tr("<h3>Astralis Console %1</h3><p>The desktop operations console for the staff "
                             "of Astralis One.</p><p>Qt %2</p>")
                              .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())),
                          QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("aboutMessageBox"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open(); // window-modal without a nested event loop
}
