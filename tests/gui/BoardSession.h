#pragma once

// The starting point of every board GUI test: a fresh console (settings cleared) signed in
// through the real connection path, on the Boards screen, with the board's columns loaded.
// Header-only because only the tests in this folder use it.

#include "BoardScreen.h"
#include "ConnectionController.h"
#include "ConsoleSession.h"
#include "MainWindow.h"
#include "ScreenCatalog.h"

#include <QComboBox>
#include <QSettings>
#include <QSize>
#include <QTest>

#include <functional>
#include <memory>

// `prepare` runs on the screen before connecting (to pin its clock, for example).
// nullptr when the window was not exposed or the board did not load in time.
inline std::unique_ptr<ConsoleSession> openBoardSession(const QString& url, const QSize& size,
                                                        const std::function<void(BoardScreen*)>& prepare = {})
{
    QSettings().clear();
    auto session = std::make_unique<ConsoleSession>();
    session->window()->resize(size);
    session->window()->show();
    if (!QTest::qWaitForWindowExposed(session->window()))
        return nullptr;
    session->window()->showScreen(int(ScreenId::Boards));
    BoardScreen* screen = session->boardScreen();
    if (prepare)
        prepare(screen);
    session->connections()->start(url);
    if (!QTest::qWaitFor([&] { return !screen->columns().isEmpty(); }, 20000))
        return nullptr;
    return session;
}

// Waits until the assignee filter lists the organization's people (loaded after the board).
inline bool waitForPeople(BoardScreen* screen)
{
    auto* people = screen->findChild<QComboBox*>(QStringLiteral("assigneeFilterComboBox"));
    return people && QTest::qWaitFor([&] { return people->count() > 2; }, 10000);
}
