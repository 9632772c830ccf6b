#pragma once

// The private PostgreSQL cluster a benchmark runs on (tests/support/pg-cluster). Durable like a
// real server by default: fsync, synchronous_commit and full_page_writes on, so a commit waits
// for this machine's disk. BENCH_CLUSTER=fast starts the tests' cluster instead (all three off):
// that measures the console's own work without the disk, and every note says so.

#include <QCoreApplication>
#include <QProcess>
#include <QString>

class BenchCluster
{
public:
    static bool fastRequested() { return qEnvironmentVariable("BENCH_CLUSTER") == QLatin1String("fast"); }

    // Starts it in dir (short: it holds the Unix socket). The script's watchdog stops it if
    // this process dies.
    bool start(const QString& dir)
    {
        m_dir = dir;
        m_fast = fastRequested();
        QProcess cluster;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGCLUSTER_DURABLE"), m_fast ? QStringLiteral("0") : QStringLiteral("1"));
        cluster.setProcessEnvironment(env);
        cluster.start(QStringLiteral(ASTRALIS_PG_CLUSTER_SCRIPT),
                      {QStringLiteral("start"), dir, QString::number(QCoreApplication::applicationPid())});
        if (!cluster.waitForFinished(120000) || cluster.exitCode() != 0) {
            m_error = QString::fromLocal8Bit(cluster.readAllStandardError());
            return false;
        }
        for (const QByteArray& line : cluster.readAllStandardOutput().split('\n')) {
            if (line.startsWith("PGCLUSTER_PORT="))
                m_port = line.mid(15).toInt();
        }
        return m_port > 0;
    }
    // The server goes away (immediate shutdown), its files stay: "the server is down".
    bool takeDown() { return control(QStringLiteral("crash")); }
    void stop()
    {
        if (!m_dir.isEmpty())
            control(QStringLiteral("stop"));
        m_dir.clear();
    }
    ~BenchCluster() { stop(); }

    QString dir() const { return m_dir; }
    int port() const { return m_port; }
    bool isFast() const { return m_fast; }
    QString error() const { return m_error; }
    // For the notes: which kind of server the figure was measured on.
    QString label() const
    {
        return m_fast ? QStringLiteral("FAST cluster (fsync, synchronous_commit, full_page_writes off), not "
                                       "the user's figure")
                      : QStringLiteral("durable cluster (fsync, synchronous_commit, full_page_writes on)");
    }

private:
    bool control(const QString& command)
    {
        return QProcess::execute(QStringLiteral(ASTRALIS_PG_CLUSTER_SCRIPT), {command, m_dir}) == 0;
    }

    QString m_dir;
    int m_port = 0;
    bool m_fast = false;
    QString m_error;
};
