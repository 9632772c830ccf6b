// db_deploy_ms and demo_seed_10k_s: deploys every migration into an empty database and seeds
// the demo with 10,000 pipeline items, on a private PostgreSQL cluster that is durable like a
// real server (BenchCluster.h). Prints {"name": {"value": …, "unit": …, "note": …}} on stdout.

#include "BenchCluster.h"
#include "BenchEntry.h"
#include "MigrationRunner.h"
#include "Seeder.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>

#include <cstdio>

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QString dir = QStringLiteral("/tmp/abdb-%1").arg(QCoreApplication::applicationPid());
    BenchCluster cluster;
    if (!cluster.start(dir)) {
        std::fprintf(stderr, "bench_database: no PostgreSQL cluster: %s\n", qPrintable(cluster.error()));
        return 1;
    }
    const int port = cluster.port();

    QJsonObject results;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("admin"));
        admin.setHostName(dir);
        admin.setPort(port);
        admin.setUserName(QStringLiteral("postgres"));
        admin.setDatabaseName(QStringLiteral("postgres"));
        if (!admin.open() || !QSqlQuery(admin).exec(QStringLiteral("CREATE DATABASE bench"))) {
            std::fprintf(stderr, "bench_database: %s\n", qPrintable(admin.lastError().text()));
            return 1;
        }
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("bench"));
        db.setHostName(dir);
        db.setPort(port);
        db.setUserName(QStringLiteral("postgres"));
        db.setDatabaseName(QStringLiteral("bench"));
        if (!db.open())
            return 1;

        QElapsedTimer timer;
        timer.start();
        const MigrationRunner::DeployResult deployed = MigrationRunner(db).deploy();
        const qint64 deployMs = timer.elapsed();
        if (!deployed.ok) {
            std::fprintf(stderr, "bench_database: %s\n", qPrintable(deployed.error));
            return 1;
        }
        timer.restart();
        const Seeder::Result seeded = Seeder(db).seedDemo(10000);
        const double seedS = timer.elapsed() / 1000.0;
        if (!seeded.ok) {
            std::fprintf(stderr, "bench_database: %s\n", qPrintable(seeded.error));
            return 1;
        }
        results.insert(QStringLiteral("db_deploy_ms"),
                       benchEntry(double(deployMs), 0, QStringLiteral("ms"),
                                  QStringLiteral("%1 migrations into an empty database "
                                                 "(schema, row-level security, triggers), %2")
                                      .arg(deployed.applied.size())
                                      .arg(cluster.label())));
        results.insert(QStringLiteral("demo_seed_10k_s"),
                       benchEntry(seedS, 2, QStringLiteral("s"),
                                  QStringLiteral("db seed --demo --size 10000: both demo "
                                                 "organizations, every tenant table, staff "
                                                 "logins, change-feed rows, one transaction, %1")
                                      .arg(cluster.label())));
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench"));
    QSqlDatabase::removeDatabase(QStringLiteral("admin"));
    std::printf("%s\n", QJsonDocument(results).toJson(QJsonDocument::Compact).constData());
    return 0;
}
