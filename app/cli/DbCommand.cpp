#include "DbCommand.h"

#include "CliApp.h"
#include "CliDatabase.h"
#include "MigrationRunner.h"
#include "SecurityAudit.h"
#include "Seeder.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(DbCommand)
};

int status(CliDatabase& database)
{
    const MigrationRunner::Status s = MigrationRunner(database.connection()).status();
    if (!s.ok())
        return Cli::fail(Cli::Failure, Text::tr("cannot read the migration status: %1").arg(s.error));
    const int known = int(Migrations::embedded().size());
    if (s.upToDate()) {
        Cli::out(Text::tr("Database schema is up to date (%1 migrations).\n").arg(known));
        return Cli::Ok;
    }
    if (!s.hasMigrationsTable)
        Cli::out(Text::tr("The database has no Astralis schema yet.\n"));
    auto list = [](const QString& title, const QStringList& names) {
        if (names.isEmpty())
            return;
        Cli::out(title + QLatin1Char('\n'));
        for (const QString& name : names)
            Cli::out(QStringLiteral("  ") + name + QLatin1Char('\n'));
    };
    list(Text::tr("Not yet applied (run 'astralis-cli db deploy'):"), s.pending);
    list(Text::tr("Applied but changed since (refused; restore the original files):"), s.modified);
    list(Text::tr("Started but never finished:"), s.failed);
    list(Text::tr("Applied by a newer version (this program is behind the database):"), s.unknown);
    return Cli::Failure;
}

int deploy(CliDatabase& database)
{
    const MigrationRunner::DeployResult result = MigrationRunner(database.connection()).deploy();
    for (const QString& name : result.applied)
        Cli::out(Text::tr("Applied %1\n").arg(name));
    if (!result.ok)
        return Cli::fail(Cli::Failure,
                         result.error
                             + Text::tr(" — the database was left as it was before this migration."));
    if (result.applied.isEmpty())
        Cli::out(Text::tr("No pending migrations.\n"));
    return Cli::Ok;
}

int reset(CliDatabase& database)
{
    // --force and locality were checked by refuseReset() before connecting.
    QString error;
    if (!MigrationRunner(database.connection()).reset(&error))
        return Cli::fail(Cli::Failure, Text::tr("reset failed: %1").arg(error));
    Cli::out(Text::tr("Dropped every table in %1.\n").arg(database.settings().database));
    return deploy(database);
}

// db reset's guards, checked before any connection is made.
int refuseReset(const CliDatabase& database, const Cli::Args& options)
{
    if (!options.has(QStringLiteral("--force")))
        return Cli::fail(Cli::Usage,
                         Text::tr("'db reset' deletes every table and all data in %1; pass --force to do it.")
                             .arg(database.settings().displayName()));
    if (!database.isLocal() && !options.has(QStringLiteral("--allow-remote")))
        return Cli::fail(Cli::Failure,
                         Text::tr("refusing to reset %1: it is not a local server. Pass --allow-remote as "
                                  "well if you really mean to delete that database's data.")
                             .arg(database.settings().displayName()));
    return Cli::Ok;
}

int seed(CliDatabase& database, const Cli::Args& options)
{
    bool sizeOk = true;
    const int size = options.values.contains(QStringLiteral("--size"))
        ? options.value(QStringLiteral("--size")).toInt(&sizeOk)
        : Seeder::kDefaultDemoItems;
    if (!sizeOk || size < 1 || size > 1000000)
        return Cli::fail(Cli::Usage,
                         Text::tr("--size takes a number of pipeline items between 1 and 1000000."));
    if (options.values.contains(QStringLiteral("--size")) && !options.has(QStringLiteral("--demo")))
        return Cli::fail(Cli::Usage, Text::tr("--size only applies with --demo."));
    const MigrationRunner::Status s = MigrationRunner(database.connection()).status();
    if (!s.upToDate())
        return Cli::fail(
            Cli::Failure,
            Text::tr("the database schema is not up to date; run 'astralis-cli db deploy' first."));

    Seeder seeder(database.connection());
    const Seeder::Result result
        = options.has(QStringLiteral("--demo")) ? seeder.seedDemo(size) : seeder.seedBase();
    if (!result.ok)
        return Cli::fail(Cli::Failure, Text::tr("seeding failed, nothing was added: %1").arg(result.error));
    Cli::out(result.summary + QLatin1Char('\n'));
    return Cli::Ok;
}

int validate(CliDatabase& database)
{
    int status = Cli::Ok;
    const MigrationRunner::Status s = MigrationRunner(database.connection()).status();
    if (!s.upToDate()) {
        Cli::err(
            Text::tr("astralis-cli: migrations are not up to date ('astralis-cli db status' says why).\n"));
        status = Cli::Failure;
    }
    const SecurityAudit::Report report = SecurityAudit::run(database.connection());
    for (const QString& problem : report.problems)
        Cli::err(QStringLiteral("astralis-cli: ") + problem + QLatin1Char('\n'));
    if (!report.problems.isEmpty())
        status = Cli::Failure;
    if (status == Cli::Ok)
        Cli::out(Text::tr("Valid: migrations up to date; %1 tenant tables with forced row-level security; %2 "
                          "other tables classified; columns: %3 secret (never granted), %4 platform "
                          "(read-only), %5 fixed (set at creation), %6 staff-writable; every staff write "
                          "audited, versions and status flows kept by the database.\n")
                     .arg(QString::number(report.tenantTables.size()), QString::number(report.otherTables),
                          QString::number(report.columnsByClass.value(QStringLiteral("secret"))),
                          QString::number(report.columnsByClass.value(QStringLiteral("platform"))),
                          QString::number(report.columnsByClass.value(QStringLiteral("fixed"))),
                          QString::number(report.columnsByClass.value(QStringLiteral("staff")))));
    return status;
}

} // namespace

namespace DbCommand {

QString usage()
{
    return Text::tr(
        "Usage: astralis-cli db COMMAND [--database-url URL]\n"
        "\n"
        "  status                        Compare the database's migrations with this program's\n"
        "                                (exit 0 when up to date, 1 otherwise)\n"
        "  deploy                        Apply pending migrations, each in one transaction\n"
        "  reset --force [--allow-remote]\n"
        "                                Drop every table, then deploy; refused on a server that is\n"
        "                                not local unless --allow-remote is given as well\n"
        "  seed [--demo [--size N]]      Add the default organization, admin user, pipelines and\n"
        "                                templates; --demo adds two demo organizations with N\n"
        "                                pipeline items (default 300) and their staff logins\n"
        "  validate                      Check migrations and tenant isolation in the live database\n"
        "\n"
        "The URL comes from --database-url or DATABASE_URL; use a privileged login (the migration\n"
        "owner), never a staff login.\n");
}

int run(const QStringList& args)
{
    QStringList rest = args;
    QString sub;
    if (const std::optional<int> done = Cli::takeSubcommand(&rest, &sub, usage()))
        return *done;
    static const QStringList commands
        = {QStringLiteral("status"), QStringLiteral("deploy"), QStringLiteral("reset"),
           QStringLiteral("seed"), QStringLiteral("validate")};
    if (!commands.contains(sub))
        return Cli::fail(Cli::Usage,
                         Text::tr("'db %1' is not a command. See 'astralis-cli db --help'.").arg(sub));
    const Cli::Args options = Cli::Args::parse(
        rest, {QStringLiteral("--database-url"), QStringLiteral("--size")},
        {QStringLiteral("--force"), QStringLiteral("--allow-remote"), QStringLiteral("--demo")});
    if (!options.error.isEmpty())
        return Cli::fail(Cli::Usage, options.error + Text::tr(" See 'astralis-cli db --help'."));
    if (options.has(QStringLiteral("--help"))) {
        Cli::out(usage());
        return Cli::Ok;
    }
    if (!options.positional.isEmpty())
        return Cli::fail(Cli::Usage, Text::tr("unexpected argument '%1'.").arg(options.positional.first()));

    CliDatabase database;
    std::function<int(const CliDatabase&)> guard;
    if (sub == QLatin1String("reset"))
        guard = [&options](const CliDatabase& db) { return refuseReset(db, options); };
    if (const int code = database.open(options.value(QStringLiteral("--database-url")), guard))
        return code;
    if (sub == QLatin1String("status"))
        return status(database);
    if (sub == QLatin1String("deploy"))
        return deploy(database);
    if (sub == QLatin1String("reset"))
        return reset(database);
    if (sub == QLatin1String("seed"))
        return seed(database, options);
    return validate(database);
}

} // namespace DbCommand
