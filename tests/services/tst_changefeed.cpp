// The change feed against a real server: a write from another connection reaches a subscribed
// console quickly and only if its organization may see it; a transaction that commits late is
// not skipped, and one held open does not stall anybody; each organization has its own channel;
// empty wake-ups are throttled; a killed connection loses no change.

#include "ChangeFeed.h"
#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "PgCluster.h"

#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

namespace {

const QString kPassword = QStringLiteral("feed-pass-3");

} // namespace

class TestChangeFeed : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void writeReachesSubscriberThroughNotify();
    void otherOrganizationsChangesNeverArrive();
    void lateCommitIsNotSkipped();
    void openTransactionOfAnotherLoginStallsNobody();
    void eachOrganizationHasItsOwnChannel();
    void emptyNotificationsAreThrottled();
    void killedConnectionLosesNoChange();
    void cursorKeepsOpenTransactions();
    void cursorAfterFullPage();

private:
    QSqlDatabase writer(const QString& name);
    bool insertItem(QSqlDatabase& db, const QString& id, const QString& orgId, const QString& stageId);
    void startFeed(DatabaseService& service, ChangeFeed& feed);
    QStringList rowIds(const QSignalSpy& spy) const;

    PgCluster* m_pg = nullptr;
    PgCluster::Workspace m_a;
    PgCluster::Workspace m_b;
    QString m_stageA;
    QString m_stageB;
    int m_next = 0;
};

void TestChangeFeed::initTestCase()
{
    m_pg = &PgCluster::instance();
    QVERIFY2(m_pg->isRunning(), qPrintable(m_pg->error()));
    m_a = m_pg->createWorkspace(QStringLiteral("feed"), QStringLiteral("Org A"), kPassword);
    QVERIFY2(m_a.error.isEmpty(), qPrintable(m_a.error));
    m_b = m_pg->addOrganization(m_a, QStringLiteral("Org B"), kPassword);
    QVERIFY2(m_b.error.isEmpty(), qPrintable(m_b.error));
    // A pipeline with one stage per organization.
    for (const auto* org : {&m_a, &m_b}) {
        const QString p = org->organizationId + QStringLiteral("_pipeline");
        const QString st = org->organizationId + QStringLiteral("_stage");
        QString error;
        QVERIFY2(m_pg->exec(QStringLiteral(
                                "INSERT INTO pipeline (id, \"orgId\", key, name, type, \"updatedAt\") VALUES "
                                "('%1', '%2', 'sales', 'Sales', 'SALES', now())")
                                .arg(p, org->organizationId),
                            &error, m_a.database),
                 qPrintable(error));
        QVERIFY2(
            m_pg->exec(
                QStringLiteral(
                    "INSERT INTO \"pipelineStage\" (id, \"orgId\", \"pipelineId\", key, name, \"order\", "
                    "\"updatedAt\") VALUES ('%1', '%2', '%3', 'new', 'New', 0, now())")
                    .arg(st, org->organizationId, p),
                &error, m_a.database),
            qPrintable(error));
    }
    m_stageA = m_a.organizationId + QStringLiteral("_stage");
    m_stageB = m_b.organizationId + QStringLiteral("_stage");
}

QSqlDatabase TestChangeFeed::writer(const QString& name)
{
    QSqlDatabase db = QSqlDatabase::contains(name) ? QSqlDatabase::database(name)
                                                   : QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    if (!db.isOpen()) {
        db.setHostName(m_pg->socketDir());
        db.setPort(m_pg->port());
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(m_a.database);
        db.open();
    }
    return db;
}

bool TestChangeFeed::insertItem(QSqlDatabase& db, const QString& id, const QString& orgId,
                                const QString& stageId)
{
    QSqlQuery query(db);
    query.prepare(
        QStringLiteral("INSERT INTO \"pipelineItem\" (id, \"orgId\", \"stageId\", title, \"updatedAt\") "
                       "VALUES (:id, :org, :stage, :title, now())"));
    query.bindValue(QStringLiteral(":id"), id);
    query.bindValue(QStringLiteral(":org"), orgId);
    query.bindValue(QStringLiteral(":stage"), stageId);
    query.bindValue(QStringLiteral(":title"), QString(QStringLiteral("Card ") + id));
    if (!query.exec()) {
        qWarning("insert failed: %s", qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

void TestChangeFeed::startFeed(DatabaseService& service, ChangeFeed& feed)
{
    QSignalSpy connected(&service, &DatabaseService::connected);
    service.connectTo(ConnectionUrl::parse(m_pg->tcpUrl(m_a.login, kPassword, m_a.database)).settings);
    QVERIFY(connected.wait(15000));
    QSignalSpy ready(&feed, &ChangeFeed::ready);
    feed.start();
    QVERIFY(ready.wait(5000));
}

QStringList TestChangeFeed::rowIds(const QSignalSpy& spy) const
{
    QStringList ids;
    for (const QList<QVariant>& arguments : spy) {
        for (const ChangeEvent& event : arguments.first().value<QList<ChangeEvent>>())
            ids << event.rowId;
    }
    return ids;
}

void TestChangeFeed::writeReachesSubscriberThroughNotify()
{
    DatabaseService service;
    // Polling effectively off: only the NOTIFY can deliver within the test's window.
    ChangeFeed feed(&service, nullptr, 3600 * 1000);
    startFeed(service, feed);
    QSignalSpy changed(&feed, &ChangeFeed::changed);

    QSqlDatabase db = writer(QStringLiteral("writer-notify"));
    const QString id = QStringLiteral("notify_%1").arg(++m_next);
    QVERIFY(insertItem(db, id, m_a.organizationId, m_stageA));
    // The requirement: another connection's write reaches the client in under 1 s.
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(id), 1000);
    const ChangeEvent event = changed.last().first().value<QList<ChangeEvent>>().last();
    QCOMPARE(event.table, QStringLiteral("pipelineItem"));
    QCOMPARE(event.op, QLatin1Char('I'));

    QSqlQuery update(db);
    QVERIFY(update.exec(
        QStringLiteral("UPDATE \"pipelineItem\" SET title = 'Renamed', \"updatedAt\" = now() WHERE id = '%1'")
            .arg(id)));
    QTRY_VERIFY_WITH_TIMEOUT(changed.last().first().value<QList<ChangeEvent>>().last().op == QLatin1Char('U'),
                             1000);
}

void TestChangeFeed::otherOrganizationsChangesNeverArrive()
{
    DatabaseService service;
    ChangeFeed feed(&service, nullptr, 200); // polling often: the filter is RLS, not luck
    startFeed(service, feed);
    QSignalSpy changed(&feed, &ChangeFeed::changed);
    QSqlDatabase db = writer(QStringLiteral("writer-other"));
    const QString theirs = QStringLiteral("theirs_%1").arg(++m_next);
    const QString ours = QStringLiteral("ours_%1").arg(++m_next);
    QVERIFY(insertItem(db, theirs, m_b.organizationId, m_stageB));
    QVERIFY(insertItem(db, ours, m_a.organizationId, m_stageA));
    // Ours arrives after theirs was written: theirs, had it been visible, would be there too.
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(ours), 5000);
    QVERIFY(!rowIds(changed).contains(theirs));
}

void TestChangeFeed::lateCommitIsNotSkipped()
{
    DatabaseService service;
    ChangeFeed feed(&service, nullptr, 200);
    startFeed(service, feed);
    QSignalSpy changed(&feed, &ChangeFeed::changed);

    // T1 starts first (older transaction id) and commits last.
    QSqlDatabase slow = writer(QStringLiteral("writer-slow"));
    QSqlDatabase fast = writer(QStringLiteral("writer-fast"));
    const QString early = QStringLiteral("early_%1").arg(++m_next);
    const QString late = QStringLiteral("late_%1").arg(++m_next);
    QVERIFY(slow.transaction());
    QVERIFY(insertItem(slow, early, m_a.organizationId, m_stageA));
    QVERIFY(insertItem(fast, late, m_a.organizationId, m_stageA));
    // The younger transaction's change is not held back by the older one still open …
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(late), 2000);
    // … and the older one's arrives once it commits: a cursor past "late" does not skip it.
    QVERIFY(slow.commit());
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(early), 2000);
    QCOMPARE(rowIds(changed).count(early), 1);
    QCOMPARE(rowIds(changed).count(late), 1);
}

void TestChangeFeed::openTransactionOfAnotherLoginStallsNobody()
{
    DatabaseService service;
    ChangeFeed feed(&service, nullptr, 3600 * 1000);
    startFeed(service, feed);
    QSignalSpy changed(&feed, &ChangeFeed::changed);

    // A staff login of the other organization opens a transaction, writes (so it has a
    // transaction id older than everything after it) and lifts its idle limit: the way a login
    // could freeze every organization's live updates before.
    QSqlDatabase holder = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("holder"));
    holder.setHostName(QStringLiteral("127.0.0.1"));
    holder.setPort(m_pg->port());
    holder.setUserName(m_b.login);
    holder.setPassword(kPassword);
    holder.setDatabaseName(m_a.database);
    QVERIFY2(holder.open(), qPrintable(holder.lastError().text()));
    QSqlQuery hold(holder);
    QVERIFY(hold.exec(QStringLiteral("SET idle_in_transaction_session_timeout = 0")));
    QVERIFY(holder.transaction());
    const QString held = QStringLiteral("held_%1").arg(++m_next);
    QVERIFY(insertItem(holder, held, m_b.organizationId, m_stageB));
    // And one of our own organization, the web platform's say, also left open.
    QSqlDatabase ownHolder = writer(QStringLiteral("writer-own-hold"));
    QVERIFY(ownHolder.transaction());
    const QString ownHeld = QStringLiteral("ownheld_%1").arg(++m_next);
    QVERIFY(insertItem(ownHolder, ownHeld, m_a.organizationId, m_stageA));

    // A move by someone else reaches this console at once, through the NOTIFY.
    QSqlDatabase db = writer(QStringLiteral("writer-meanwhile"));
    const QString moved = QStringLiteral("meanwhile_%1").arg(++m_next);
    QVERIFY(insertItem(db, moved, m_a.organizationId, m_stageA));
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(moved), 1000);
    QVERIFY(!rowIds(changed).contains(ownHeld)); // not committed: nobody can see it yet

    // The late commits still arrive, once each; the other organization's never.
    QVERIFY(ownHolder.commit());
    QVERIFY(holder.commit());
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(ownHeld), 2000);
    QCOMPARE(rowIds(changed).count(ownHeld), 1);
    QVERIFY(!rowIds(changed).contains(held));
    hold = QSqlQuery();
    holder = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("holder"));
}

void TestChangeFeed::eachOrganizationHasItsOwnChannel()
{
    DatabaseService service;
    ChangeFeed feed(&service, nullptr, 3600 * 1000);
    startFeed(service, feed);
    const QString ours = feed.channel();
    QVERIFY(ours.startsWith(QLatin1String("astralis_")));
    const QString theirs
        = m_pg->scalar(QStringLiteral("SELECT astralis_org_channel('%1')").arg(m_b.organizationId),
                       m_a.database)
              .toString();
    QVERIFY(!theirs.isEmpty() && theirs != ours);
    // The name is not derivable from what staff can read: the secret behind it is not granted.
    QSqlDatabase staff = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("channel-staff"));
    staff.setHostName(QStringLiteral("127.0.0.1"));
    staff.setPort(m_pg->port());
    staff.setUserName(m_a.login);
    staff.setPassword(kPassword);
    staff.setDatabaseName(m_a.database);
    QVERIFY2(staff.open(), qPrintable(staff.lastError().text()));
    {
        QSqlQuery q(staff);
        QVERIFY(!q.exec(QStringLiteral("SELECT feed_secret FROM astralis.instance")));
        QCOMPARE(q.lastError().nativeErrorCode(), QStringLiteral("42501"));
        QVERIFY(!q.exec(QStringLiteral("SELECT astralis_org_channel('%1')").arg(m_b.organizationId)));
        QVERIFY(!q.exec(QStringLiteral("SELECT seq FROM change_log")));
        QCOMPARE(q.lastError().nativeErrorCode(), QStringLiteral("42501"));
    }
    staff = QSqlDatabase();
    QSqlDatabase::removeDatabase(QStringLiteral("channel-staff"));

    // Listening on the other organization's channel and on the old shared one: a write of ours
    // is heard on our channel only.
    service.listen(theirs);
    service.listen(QStringLiteral("astralis_change"));
    QSignalSpy notified(&service, &DatabaseService::notification);
    QSqlDatabase db = writer(QStringLiteral("writer-channel"));
    QVERIFY(insertItem(db, QStringLiteral("channel_%1").arg(++m_next), m_a.organizationId, m_stageA));
    QTRY_VERIFY_WITH_TIMEOUT(!notified.isEmpty(), 2000);
    const QString other = QStringLiteral("channel_b_%1").arg(++m_next);
    QVERIFY(insertItem(db, other, m_b.organizationId, m_stageB));
    QTRY_VERIFY_WITH_TIMEOUT(notified.size() >= 2, 2000);
    for (const QList<QVariant>& n : std::as_const(notified))
        QVERIFY2(n.first().toString() != QLatin1String("astralis_change"), "the shared channel is gone");
    QCOMPARE(notified.at(0).first().toString(), ours);
    QCOMPARE(notified.at(1).first().toString(), theirs);
}

void TestChangeFeed::emptyNotificationsAreThrottled()
{
    DatabaseService service;
    ChangeFeed feed(&service, nullptr, 3600 * 1000);
    startFeed(service, feed);
    QSignalSpy reads(&feed, &ChangeFeed::readFinished);
    // A colleague (who may know the channel) sends NOTIFYs that are followed by no rows.
    QSqlDatabase db = writer(QStringLiteral("writer-noise"));
    QSqlQuery noise(db);
    for (int i = 0; i < 40; ++i)
        QVERIFY(noise.exec(QStringLiteral("NOTIFY %1").arg(feed.channel())));
    QSqlDatabase probe = writer(QStringLiteral("writer-noise-end"));
    // A real change afterwards still arrives (within the longest quiet period, the poll cap
    // aside: 50 ms doubling per empty read).
    QSignalSpy changed(&feed, &ChangeFeed::changed);
    const QString real = QStringLiteral("real_%1").arg(++m_next);
    QVERIFY(insertItem(probe, real, m_a.organizationId, m_stageA));
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(real), 10000);
    // Forty wake-ups cost a handful of reads, not forty.
    QVERIFY2(reads.size() < 12, qPrintable(QString::number(reads.size())));
}
void TestChangeFeed::killedConnectionLosesNoChange()
{
    DatabaseService service(nullptr, 300);
    ChangeFeed feed(&service, nullptr, 3600 * 1000);
    startFeed(service, feed);
    QSignalSpy changed(&feed, &ChangeFeed::changed);
    QSignalSpy lost(&service, &DatabaseService::connectionLost);
    QSignalSpy reconnected(&service, &DatabaseService::connected);

    QSqlDatabase db = writer(QStringLiteral("writer-kill"));
    QStringList written;
    QVERIFY(m_pg->terminateSessions(m_a.login) >= 1);
    // Writes while the console's connection is gone (and its LISTEN with it).
    for (int i = 0; i < 25; ++i) {
        written << QStringLiteral("outage_%1").arg(++m_next);
        QVERIFY(insertItem(db, written.last(), m_a.organizationId, m_stageA));
    }
    QTRY_VERIFY_WITH_TIMEOUT(lost.count() >= 1, 5000);
    QTRY_VERIFY_WITH_TIMEOUT(reconnected.count() >= 1, 15000);
    // Caught up after reconnecting: every change exactly once, in order.
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).size() >= written.size(), 5000);
    QCOMPARE(rowIds(changed), written);
    // And the subscription is back: a new write arrives through NOTIFY.
    const QString after = QStringLiteral("after_%1").arg(++m_next);
    QVERIFY(insertItem(db, after, m_a.organizationId, m_stageA));
    QTRY_VERIFY_WITH_TIMEOUT(rowIds(changed).contains(after), 2000);
}

void TestChangeFeed::cursorKeepsOpenTransactions()
{
    ChangeFeed::Cursor c;
    c.upto = 100;
    c.pending = {90, 95};
    // 95 committed, 90 still open; 101 and 105 started since, 105 still open.
    const QList<ChangeEvent> page = {{95, 1, QStringLiteral("t"), QStringLiteral("a"), QLatin1Char('I')},
                                     {101, 1, QStringLiteral("t"), QStringLiteral("b"), QLatin1Char('I')}};
    const ChangeFeed::Cursor next = ChangeFeed::advance(c, page, false, 110, {90, 105, 108});
    QCOMPARE(next.upto, qint64(110));
    QCOMPARE(next.pending, (QSet<qint64>{90, 105, 108}));
    QCOMPARE(next.afterTxid, qint64(0));
    // An open transaction below the old cursor that was never pending is not ours to wait for
    // (it cannot exist: every one below upto was delivered or pending).
    const ChangeFeed::Cursor again = ChangeFeed::advance(next, {}, false, 112, {50, 90});
    QCOMPARE(again.pending, (QSet<qint64>{90}));
}

void TestChangeFeed::cursorAfterFullPage()
{
    ChangeFeed::Cursor c;
    c.upto = 100;
    c.pending = {90, 130};
    // A full page ends inside transaction 120 (its 7th row); 110 is open, 130 committed (left
    // for the next read, which it sorts into after 120).
    const QList<ChangeEvent> page = {{105, 1, QStringLiteral("t"), QStringLiteral("a"), QLatin1Char('U')},
                                     {120, 7, QStringLiteral("t"), QStringLiteral("b"), QLatin1Char('U')}};
    ChangeFeed::Cursor next = ChangeFeed::advance(c, page, true, 140, {90, 110, 135});
    QCOMPARE(next.upto, qint64(120));
    QCOMPARE(next.afterTxid, qint64(120));
    QCOMPARE(next.afterN, 7);
    QCOMPARE(next.pending, (QSet<qint64>{90, 110, 130}));
    // A page filled by a late commit of an old transaction keeps the cursor where it was.
    next = ChangeFeed::advance(c, {{90, 1000, QStringLiteral("t"), QStringLiteral("c"), QLatin1Char('I')}},
                               true, 140, {110});
    QCOMPARE(next.upto, qint64(100));
    QCOMPARE(next.afterTxid, qint64(90));
    QCOMPARE(next.pending, (QSet<qint64>{90, 130}));
}

QTEST_GUILESS_MAIN(TestChangeFeed)
#include "tst_changefeed.moc"
