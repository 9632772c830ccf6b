#pragma once

#include "DatabaseService.h"

#include <QWidget>

class QLabel;
class QTimer;

// The status bar's account of the connection: online/offline (with the reconnect countdown),
// how it is protected (TLS version, or not encrypted, or a local socket), who is signed in, and
// to which organization.
class ConnectionStatusWidget : public QWidget
{
    Q_OBJECT

public:
    explicit ConnectionStatusWidget(DatabaseService* database, QWidget* parent = nullptr);

    QString stateText() const;
    QString tlsText() const;
    // Working from the local cache while the console keeps trying the server: said so, rather
    // than "Not connected" between attempts.
    void setWorkingOffline(bool offline);

private:
    void refresh();
    void refreshTls(const SessionInfo& session);
    void onReconnectScheduled(int attempt, int delayMs);

    DatabaseService* m_database;
    QLabel* m_dot = nullptr;
    QLabel* m_state = nullptr;
    QLabel* m_tls = nullptr;
    QLabel* m_user = nullptr;
    QLabel* m_organization = nullptr;
    QTimer* m_countdown = nullptr;
    int m_secondsLeft = 0;
    bool m_workingOffline = false;
};
