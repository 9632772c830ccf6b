#include "ServerFaults.h"

#include "PgCluster.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <chrono>
#include <set>

namespace {

// Everything in a schema of its own; the trigger on client_mutation goes with it (CASCADE).
const char kInstall[] = R"sql(
CREATE SCHEMA astralis_test_faults;
CREATE TABLE astralis_test_faults.armed (kind text NOT NULL, at bigint NOT NULL);
CREATE TABLE astralis_test_faults.writers (pid integer NOT NULL);
CREATE TABLE astralis_test_faults.probe (id serial PRIMARY KEY);
CREATE SEQUENCE astralis_test_faults.calls;
CREATE SEQUENCE astralis_test_faults.fired;
CREATE FUNCTION astralis_test_faults.on_recorded() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER AS $$
DECLARE
    f astralis_test_faults.armed%ROWTYPE;
BEGIN
    SELECT * INTO f FROM astralis_test_faults.armed;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO astralis_test_faults.writers VALUES (pg_backend_pid());
    IF nextval('astralis_test_faults.calls') <> f.at THEN
        -- Not this one: committed without waiting for the standby that never answers.
        PERFORM set_config('synchronous_commit', 'local', true);
        RETURN NULL;
    END IF;
    PERFORM nextval('astralis_test_faults.fired');
    IF f.kind = 'request' THEN
        PERFORM pg_terminate_backend(pg_backend_pid());
        RAISE EXCEPTION 'injected fault: the connection dropped before the change was committed'
            USING ERRCODE = 'admin_shutdown';
    END IF;
    -- The answer: committed, then held for the standby until the watcher ends the session.
    RETURN NULL;
END
$$;
CREATE TRIGGER astralis_test_fault AFTER INSERT ON public.client_mutation
    FOR EACH ROW EXECUTE FUNCTION astralis_test_faults.on_recorded();
)sql";

const char kNoStandby[] = "astralis_test_no_standby";

} // namespace

ServerFaults::ServerFaults(PgCluster* cluster, const QString& database)
    : m_cluster(cluster)
    , m_database(database)
    , m_connection(QStringLiteral("server-faults-%1").arg(quintptr(this)))
{ }

ServerFaults::~ServerFaults()
{
    QString error;
    if (!releaseCommits(&error))
        qWarning("ServerFaults: commits may still be held: %s", qPrintable(error));
    if (m_installed && !exec(QStringLiteral("DROP SCHEMA astralis_test_faults CASCADE"), &error))
        qWarning("ServerFaults: not removed: %s", qPrintable(error));
    if (QSqlDatabase::contains(m_connection)) {
        QSqlDatabase::database(m_connection, false).close();
        QSqlDatabase::removeDatabase(m_connection);
    }
}

bool ServerFaults::exec(const QString& sql, QString* error)
{
    if (!QSqlDatabase::contains(m_connection)) {
        bool ok = false;
        {
            QSqlDatabase db
                = m_cluster->connect(m_connection, m_database, QStringLiteral("postgres"), {}, false);
            QSqlQuery local(db);
            ok = db.isOpen()
                && local.exec(
                    QStringLiteral("SET synchronous_commit = local; SET client_min_messages = warning"));
            if (!ok)
                *error = db.isOpen() ? local.lastError().text() : db.lastError().text();
        }
        if (!ok) {
            QSqlDatabase::removeDatabase(m_connection);
            return false;
        }
    }
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(sql)) {
        *error = query.lastError().text();
        return false;
    }
    return true;
}

bool ServerFaults::install(QString* error)
{
    m_installed = exec(QString::fromUtf8(kInstall), error);
    return m_installed;
}

bool ServerFaults::arm(Kind kind, int at, QString* error)
{
    if (kind == Kind::AnswerLost ? !holdCommits(error) : !releaseCommits(error))
        return false;
    if (!exec(QStringLiteral("BEGIN; DELETE FROM astralis_test_faults.armed; "
                             "DELETE FROM astralis_test_faults.writers; "
                             "INSERT INTO astralis_test_faults.armed VALUES ('%1', %2); "
                             "SELECT setval('astralis_test_faults.calls', 1, false); "
                             "SELECT setval('astralis_test_faults.fired', 1, false); COMMIT")
                  .arg(kind == Kind::AnswerLost ? QStringLiteral("answer") : QStringLiteral("request"))
                  .arg(at),
              error))
        return false;
    m_endedAtArm = m_ended.load();
    return true;
}

int ServerFaults::fired()
{
    QString error;
    if (!exec(QStringLiteral("SELECT 1"), &error))
        return -1;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(QStringLiteral("SELECT CASE WHEN is_called THEN last_value ELSE 0 END "
                                   "FROM astralis_test_faults.fired"))
        || !query.next())
        return -1;
    return query.value(0).toInt();
}

int ServerFaults::writers()
{
    QString error;
    if (!exec(QStringLiteral("SELECT 1"), &error))
        return -1;
    QSqlQuery query(QSqlDatabase::database(m_connection));
    if (!query.exec(QStringLiteral("SELECT count(DISTINCT pid) FROM astralis_test_faults.writers"))
        || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool ServerFaults::holdCommits(QString* error)
{
    if (m_holding)
        return true;
    if (!exec(QStringLiteral("ALTER SYSTEM SET synchronous_standby_names = '%1'")
                  .arg(QLatin1String(kNoStandby)),
              error)
        || !exec(QStringLiteral("SELECT pg_reload_conf()"), error))
        return false;
    m_holding = true;
    m_stop = false;
    // Ends every session of the database whose commit waits for the standby, as soon as it
    // waits. A thread of its own: the replay under test blocks the test's thread meanwhile.
    m_watcher
        = std::make_unique<std::thread>([this, name = QString(m_connection + QStringLiteral("-watcher"))] {
              {
                  QSqlDatabase db
                      = m_cluster->connect(name, m_database, QStringLiteral("postgres"), {}, false);
                  QSqlQuery query(db);
                  // A session (pid and start: the server reuses pids) is counted once: on a
                  // loaded machine it may still be there at the next look, and be signalled again.
                  std::set<QString> ended;
                  while (!m_stop.load()) {
                      if (query.exec(QStringLiteral(
                              "SELECT string_agg(pid || '@' || extract(epoch FROM backend_start), ',') "
                              "FILTER (WHERE "
                              "pg_terminate_backend(pid)) FROM pg_stat_activity WHERE wait_event = 'SyncRep' "
                              "AND datname = current_database()"))
                          && query.next()) {
                          const QStringList sessions
                              = query.value(0).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
                          for (const QString& session : sessions) {
                              if (ended.insert(session).second)
                                  ++m_ended;
                          }
                      }
                      std::this_thread::sleep_for(std::chrono::milliseconds(2)); // how often it looks
                  }
                  db.close();
              }
              QSqlDatabase::removeDatabase(name);
          });
    // The server takes the setting a moment after the reload: held once a probe commit is.
    if (!QTest::qWaitFor([this] { return probeCommit() == Probe::Held; }, 15000)) {
        *error = QStringLiteral("the server does not hold commits for the standby");
        return false;
    }
    return true;
}

bool ServerFaults::releaseCommits(QString* error)
{
    if (!m_holding)
        return true;
    bool ok = exec(QStringLiteral("ALTER SYSTEM RESET synchronous_standby_names"), error)
        && exec(QStringLiteral("SELECT pg_reload_conf()"), error);
    // The watcher stays until commits are no longer held, so none waits for ever.
    if (ok && !QTest::qWaitFor([this] { return probeCommit() == Probe::Committed; }, 15000)) {
        *error = QStringLiteral("the server still holds commits for the standby");
        ok = false;
    }
    m_stop = true;
    m_watcher->join();
    m_watcher.reset();
    m_holding = !ok;
    return ok;
}

ServerFaults::Probe ServerFaults::probeCommit()
{
    const QString name = QStringLiteral("%1-probe-%2").arg(m_connection).arg(++m_probes);
    const int ended = m_ended.load();
    Probe result = Probe::Failed;
    {
        QSqlDatabase db = m_cluster->connect(name, m_database, QStringLiteral("postgres"), {}, false);
        QSqlQuery query(db);
        if (db.isOpen() && query.exec(QStringLiteral("SET synchronous_commit = on"))) {
            if (query.exec(QStringLiteral("INSERT INTO astralis_test_faults.probe DEFAULT VALUES")))
                result = Probe::Committed;
            else if (QTest::qWaitFor([&] { return m_ended.load() > ended; }, 5000))
                result = Probe::Held;
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}
