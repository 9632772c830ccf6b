#pragma once

#include <QDateTime>
#include <QFrame>

class DatabaseService;
class QLabel;

// Across the top of the window while the server cannot be reached: since when, and that the
// screens show what this computer last loaded and changes are kept until they can be sent.
class OfflineBanner : public QFrame
{
    Q_OBJECT

public:
    explicit OfflineBanner(DatabaseService* database, QWidget* parent = nullptr);

    // Working from the cache: since when the data is (the last time this computer was online).
    void showOffline(const QDateTime& since);
    QString text() const;

private:
    DatabaseService* m_database;
    QLabel* m_label = nullptr;
};
