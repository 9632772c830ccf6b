// Boards at 10,000 cards: board_open_10k_ms, board_10k_rss_mb, card_move_commit_ms_p50 and
// card_move_remote_visible_ms_p50, measured in one process on a private PostgreSQL cluster,
// signed in as a staff login (row-level security on, as for everyone).
// Prints {"name": {"value": …, "unit": …, "note": …}}.

#include "BenchEntry.h"
#include "BoardController.h"
#include "BoardRepository.h"
#include "BoardScreen.h"
#include "ChangeFeed.h"
#include "ConnectionUrl.h"
#include "DatabaseService.h"
#include "MigrationRunner.h"
#include "Seeder.h"
#include "StageColumn.h"
#include "StageItemModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListView>
#include <QProcess>
#include <QScopeGuard>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <cstdio>

namespace {

const QString kPassword = QStringLiteral("bench-board-pass");

double rssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    }
    return -1;
}

double percentile(QList<double> values, double p)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(qMin(int(values.size() * p), int(values.size()) - 1));
}

bool sql(QSqlDatabase& db, const QString& statement)
{
    QSqlQuery q(db);
    if (!q.exec(statement)) {
        std::fprintf(stderr, "bench_board: %s\n", qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

// Counts paints of a widget: "first painted board" is the first paint of a column's viewport.
class PaintWatch : public QObject
{
public:
    bool painted = false;
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint)
            painted = true;
        return false;
    }
};

bool connectService(DatabaseService& service, const ConnectionSettings& settings)
{
    service.connectTo(settings);
    return QTest::qWaitFor([&] { return service.isOnline(); }, 20000);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QString dir = QStringLiteral("/tmp/abbd-%1").arg(QCoreApplication::applicationPid());
    QProcess cluster;
    cluster.start(QStringLiteral(ASTRALIS_PG_CLUSTER_SCRIPT), {QStringLiteral("start"), dir});
    if (!cluster.waitForFinished(120000) || cluster.exitCode() != 0)
        return 1;
    int port = 0;
    for (const QByteArray& line : cluster.readAllStandardOutput().split('\n')) {
        if (line.startsWith("PGCLUSTER_PORT="))
            port = line.mid(15).toInt();
    }
    auto stop = qScopeGuard([&dir] {
        QProcess::execute(QStringLiteral(ASTRALIS_PG_CLUSTER_SCRIPT), {QStringLiteral("stop"), dir});
    });

    // A demo database, plus a pipeline of 8 stages and 10,000 cards for Northwind.
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("admin"));
        admin.setHostName(dir);
        admin.setPort(port);
        admin.setUserName(QStringLiteral("postgres"));
        admin.setDatabaseName(QStringLiteral("postgres"));
        if (!admin.open() || !sql(admin, QStringLiteral("CREATE DATABASE bench")))
            return 1;
        admin.close();
        admin.setDatabaseName(QStringLiteral("bench"));
        if (!admin.open() || !MigrationRunner(admin).deploy().ok || !Seeder(admin).seedDemo(50).ok)
            return 1;
        const bool ok
            = sql(admin, QStringLiteral("ALTER ROLE demo_staff PASSWORD '%1'").arg(kPassword))
            && sql(admin,
                   QStringLiteral(
                       "INSERT INTO pipeline (id, \"orgId\", key, name, type, \"updatedAt\") "
                       "SELECT 'bench_p', id, 'bench', 'Benchmark (10,000 cards)', 'GENERIC', now() "
                       "FROM organization WHERE slug = 'northwind'"))
            && sql(admin,
                   QStringLiteral(
                       "INSERT INTO \"pipelineStage\" (id, \"orgId\", \"pipelineId\", key, name, \"order\", "
                       "\"updatedAt\") SELECT 'bench_s' || g, p.\"orgId\", p.id, 'stage' || g, 'Stage ' || "
                       "g, g, "
                       "now() FROM pipeline p, generate_series(1, 8) g WHERE p.id = 'bench_p'"))
            && sql(
                  admin,
                  QStringLiteral(
                      "INSERT INTO \"pipelineItem\" (id, \"orgId\", \"stageId\", title, position, priority, "
                      "\"dueDate\", \"assignedToId\", \"updatedAt\") "
                      "SELECT 'bench_i' || g, p.\"orgId\", 'bench_s' || (1 + g % 8), 'Benchmark card ' || g, "
                      "g * 1024.0, g % 4, now() + (g % 60 - 20) * interval '1 day', "
                      "(SELECT id FROM users u WHERE u.\"orgId\" = p.\"orgId\" ORDER BY id LIMIT 1), now() "
                      "FROM pipeline p, generate_series(1, 10000) g WHERE p.id = 'bench_p'"))
            && sql(admin, QStringLiteral("ANALYZE"));
        if (!ok)
            return 1;
    }
    QSqlDatabase::removeDatabase(QStringLiteral("admin"));

    ConnectionSettings settings
        = ConnectionUrl::parse(QStringLiteral("postgresql://demo_staff:%1@127.0.0.1:%2/bench?sslmode=disable")
                                   .arg(kPassword)
                                   .arg(port))
              .settings;
    QJsonObject results;

    // board_open_10k_ms and board_10k_rss_mb
    {
        DatabaseService service;
        if (!connectService(service, settings))
            return 1;
        BoardController controller(&service, nullptr);
        BoardScreen screen(&controller);
        screen.resize(1600, 900);
        screen.show();
        if (!QTest::qWaitForWindowExposed(&screen))
            return 1;
        QTest::qWait(300);
        const double rssBefore = rssMb();
        QList<double> opens;
        for (int run = 0; run < 6; ++run) {
            QElapsedTimer timer;
            PaintWatch watch;
            bool loaded = false;
            QMetaObject::Connection c
                = QObject::connect(&controller, &BoardController::boardLoaded, &screen, [&] {
                      loaded = true;
                      for (StageColumn* column : screen.columns())
                          column->view()->viewport()->installEventFilter(&watch);
                  });
            timer.start();
            controller.openPipeline(QStringLiteral("bench"));
            if (!QTest::qWaitFor([&] { return loaded && watch.painted; }, 30000))
                return 1;
            const double ms = timer.nsecsElapsed() / 1e6;
            QObject::disconnect(c);
            if (run > 0) // the first run warms the server's caches
                opens << ms;
        }
        QTest::qWait(500);
        const double rssAfter = rssMb();
        int cards = 0;
        for (StageColumn* column : screen.columns())
            cards += column->model()->rowCount();
        results.insert(QStringLiteral("board_open_10k_ms"),
                       benchEntry(percentile(opens, 0.5), 1, QStringLiteral("ms"),
                                  QStringLiteral("median of %1 opens of a %2-card, 8-stage board as a "
                                                 "staff login (RLS): request to first painted column; "
                                                 "goal < 100")
                                      .arg(opens.size())
                                      .arg(cards)));
        results.insert(QStringLiteral("board_10k_rss_mb"),
                       benchEntry(rssAfter - rssBefore, 1, QStringLiteral("MB"),
                                  QStringLiteral("resident memory added by the open 10,000-card board "
                                                 "(VmRSS after minus before); goal < 60")));
    }

    // card_move_commit_ms_p50: BoardRepository::move committed, on the database thread's own kind
    // of connection (TCP, staff login), card by card.
    {
        const QString name = QStringLiteral("commit");
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(port);
        db.setUserName(QStringLiteral("demo_staff"));
        db.setPassword(kPassword);
        db.setDatabaseName(QStringLiteral("bench"));
        db.setConnectOptions(QStringLiteral("sslmode=disable"));
        if (!db.open())
            return 1;
        QList<double> commits;
        for (int i = 1; i <= 101; ++i) {
            const QString id = QStringLiteral("bench_i%1").arg(i);
            QElapsedTimer timer;
            timer.start();
            const auto result = BoardRepository::move(
                db, {{id, QStringLiteral("bench_s%1").arg(1 + (i + 3) % 8), 1e9 + i, 0}});
            if (!result.ok())
                return 1;
            if (i > 1)
                commits << timer.nsecsElapsed() / 1e6;
        }
        db.close();
        results.insert(QStringLiteral("card_move_commit_ms_p50"),
                       benchEntry(percentile(commits, 0.5), 2, QStringLiteral("ms"),
                                  QStringLiteral("median of 100 single-card moves committed (version "
                                                 "check, activity and audit log, change-feed trigger), "
                                                 "p90 %1 ms; goal < 10")
                                      .arg(qRound(percentile(commits, 0.9) * 100) / 100.0)));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("commit"));

    // card_move_remote_visible_ms_p50: two consoles' worth of services in one process; A drops,
    // B's board shows it (NOTIFY → change_log → refetch → model).
    {
        DatabaseService serviceA;
        DatabaseService serviceB;
        if (!connectService(serviceA, settings) || !connectService(serviceB, settings))
            return 1;
        ChangeFeed feedB(&serviceB, nullptr, 3600 * 1000);
        BoardController a(&serviceA, nullptr);
        BoardController b(&serviceB, &feedB);
        feedB.start();
        a.openPipeline(QStringLiteral("bench"));
        b.openPipeline(QStringLiteral("bench"));
        if (!QTest::qWaitFor(
                [&] {
                    return a.hasItem(QStringLiteral("bench_i500")) && b.hasItem(QStringLiteral("bench_i500"))
                        && feedB.isReady();
                },
                30000))
            return 1;
        QList<double> visible;
        for (int i = 0; i < 21; ++i) {
            const QString id = QStringLiteral("bench_i%1").arg(500 + i);
            const QString target
                = QStringLiteral("bench_s%1").arg(1 + (a.item(id).stageId.right(1).toInt() % 8));
            QElapsedTimer timer;
            timer.start();
            a.moveItems({id}, target, 0);
            if (!QTest::qWaitFor([&] { return b.item(id).stageId == target; }, 5000))
                return 1;
            if (i > 0)
                visible << timer.nsecsElapsed() / 1e6;
        }
        results.insert(QStringLiteral("card_move_remote_visible_ms_p50"),
                       benchEntry(percentile(visible, 0.5), 1, QStringLiteral("ms"),
                                  QStringLiteral("median of 20 moves on a 10,000-card board, A's drop to "
                                                 "B's model showing it (commit, NOTIFY, change_log, "
                                                 "refetch), p90 %1 ms; goal < 250")
                                      .arg(qRound(percentile(visible, 0.9) * 10) / 10.0)));
    }
    std::printf("%s\n", QJsonDocument(results).toJson(QJsonDocument::Compact).constData());
    return 0;
}
