// startup_first_paint_ms, startup_signed_in_ms and startup_rss_mb: starts
// `astralis-console --demo` repeatedly on one demo workspace (created and seeded by a first,
// unmeasured run) and reads what its StartupProbe reports. Prints a JSON object
// {"name": {"value": number, "unit": "...", "note": "..."}} on stdout.
//   bench_startup [RUNS]      (default 7; the median is reported)

#include "BenchEntry.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>
#include <cstdio>

namespace {

struct Sample
{
    double firstPaintMs = -1;
    double signedInMs = -1;
    double rssMb = -1;
};

Sample runOnce(const QString& demoDir)
{
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ASTRALIS_STARTUP_REPORT"), QStringLiteral("1"));
    env.insert(QStringLiteral("OMP_THREAD_LIMIT"), QStringLiteral("1"));
    // A fresh user each run: no saved connection, no warm settings.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path() + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.path() + QStringLiteral("/data"));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), home.path() + QStringLiteral("/cache"));
    env.insert(QStringLiteral("ASTRALIS_DEMO_DIR"), demoDir);

    QProcess console;
    console.setProcessEnvironment(env);
    console.setProcessChannelMode(QProcess::SeparateChannels);
    const qint64 startedAt = QDateTime::currentMSecsSinceEpoch();
    console.start(QStringLiteral(ASTRALIS_CONSOLE), {QStringLiteral("--demo")});
    Sample sample;
    if (!console.waitForFinished(30000)) {
        console.kill();
        return sample;
    }
    for (const QByteArray& line : console.readAllStandardOutput().split('\n')) {
        if (line.startsWith("first_paint_epoch_ms="))
            sample.firstPaintMs = double(line.mid(21).toLongLong() - startedAt);
        else if (line.startsWith("signed_in_epoch_ms="))
            sample.signedInMs = double(line.mid(19).toLongLong() - startedAt);
        else if (line.startsWith("rss_kb="))
            sample.rssMb = line.mid(7).toDouble() / 1024.0;
    }
    return sample;
}

double median(QList<double> values)
{
    std::sort(values.begin(), values.end());
    return values.isEmpty() ? -1 : values.at(values.size() / 2);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, atoi(argv[1])) : 7;

    // Short and traversable by the postgres user when run as root.
    QTemporaryDir demo(QStringLiteral("/tmp/abench-XXXXXX"));
    QFile::setPermissions(demo.path(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ExeOther
                              | QFile::ExeGroup | QFile::ReadOther | QFile::ReadGroup);
    const QString demoDir = demo.path() + QStringLiteral("/demo");
    // Creates and seeds the workspace, and warms the page and font caches, as a person's
    // second start would find them.
    const Sample first = runOnce(demoDir);
    if (first.signedInMs < 0) {
        std::fprintf(stderr, "bench_startup: the demo workspace did not start\n");
        return 1;
    }
    QList<double> paints, signedIn, rss;
    for (int i = 0; i < runs; ++i) {
        const Sample s = runOnce(demoDir);
        if (s.firstPaintMs < 0 || s.rssMb < 0 || s.signedInMs < 0) {
            std::fprintf(stderr, "bench_startup: run %d reported nothing (is DISPLAY set?)\n", i + 1);
            return 1;
        }
        paints << s.firstPaintMs;
        signedIn << s.signedInMs;
        rss << s.rssMb;
    }
    const auto [minPaint, maxPaint] = std::minmax_element(paints.cbegin(), paints.cend());
    const QString platform = qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("xcb"));
    const QJsonObject result{
        {QStringLiteral("startup_first_paint_ms"),
         benchEntry(median(paints), 1, QStringLiteral("ms"),
                    QStringLiteral("median of %1 starts of astralis-console --demo (min %2, max %3), process "
                                   "start to the main window's first paint, %4; goal < 400")
                        .arg(runs)
                        .arg(*minPaint)
                        .arg(*maxPaint)
                        .arg(platform))},
        {QStringLiteral("startup_signed_in_ms"),
         benchEntry(median(signedIn), 1, QStringLiteral("ms"),
                    QStringLiteral("median, process start to signed in on the demo workspace (its PostgreSQL "
                                   "started, schema checked, session checked)"))},
        {QStringLiteral("startup_rss_mb"),
         benchEntry(
             median(rss), 1, QStringLiteral("MB"),
             QStringLiteral("median VmRSS 1 s after signing in to the demo workspace, idle; goal < 120"))}};
    std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
    return 0;
}
