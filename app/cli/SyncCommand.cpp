#include "SyncCommand.h"

#include "CacheFiles.h"
#include "CliApp.h"
#include "CliDatabase.h"
#include "OfflineOutbox.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(SyncCommand)
};

QString valueText(const QVariant& v)
{
    if (!v.isValid() || v.isNull())
        return Text::tr("(none)");
    if (v.typeId() == QMetaType::QString)
        return QLatin1Char('"') + v.toString() + QLatin1Char('"');
    return v.toString();
}

QString describe(const OutboxEntry& e)
{
    QStringList parts;
    for (auto it = e.fields.cbegin(); it != e.fields.cend(); ++it)
        parts << QStringLiteral("%1=%2").arg(it.key(), valueText(it.value()));
    return OutboxEntry::opName(e.op) + QLatin1Char(' ') + parts.join(QStringLiteral(", "));
}

QJsonObject toJson(const OutboxEntry& e)
{
    return {{QStringLiteral("seq"), e.seq},
            {QStringLiteral("mutationId"), e.mutationId},
            {QStringLiteral("state"), OutboxEntry::stateName(e.state)},
            {QStringLiteral("entity"), e.entity},
            {QStringLiteral("rowId"), e.rowId},
            {QStringLiteral("op"), OutboxEntry::opName(e.op)},
            {QStringLiteral("label"), e.label},
            {QStringLiteral("baseVersion"), e.baseVersion},
            {QStringLiteral("fields"), QJsonObject::fromVariantMap(e.fields)},
            {QStringLiteral("before"), QJsonObject::fromVariantMap(e.before)},
            {QStringLiteral("theirs"), QJsonObject::fromVariantMap(e.theirs)},
            {QStringLiteral("theirsVersion"), e.theirsVersion},
            {QStringLiteral("conflicting"), QJsonArray::fromStringList(e.conflicting)},
            {QStringLiteral("attempts"), e.attempts},
            {QStringLiteral("error"), e.error}};
}

QString heldText(const HeldChanges& held)
{
    return Text::tr("%n change(s) made here for another database at this address (instance %1) are held "
                    "in %2: they are never sent to another database, only to that one when this address "
                    "leads to it again.",
                    nullptr, held.unsent)
        .arg(CacheFiles::shortInstance(held.instanceId), held.path);
}

// Says which changes are held for other databases at this address; returns the exit code.
int reportHeld(const OfflineOutbox& outbox, bool toStdout)
{
    const QList<HeldChanges> held = outbox.held();
    for (const HeldChanges& h : held) {
        if (toStdout)
            Cli::out(heldText(h) + QLatin1Char('\n'));
        else
            Cli::err(QStringLiteral("astralis-cli: ") + heldText(h) + QLatin1Char('\n'));
    }
    return held.isEmpty() ? Cli::Ok : Cli::HeldForAnotherDatabase;
}

int status(CliDatabase& database, const Cli::Args& options)
{
    OfflineOutbox outbox;
    if (!SyncCommand::openCache(database, &outbox))
        return Cli::Failure;
    const OutboxListing listing = outbox.entries();
    if (listing.error.isError())
        return Cli::fail(Cli::Failure, listing.error.detail);
    const QList<OutboxEntry>& entries = listing.entries;
    if (options.has(QStringLiteral("--json"))) {
        QJsonArray array;
        for (const OutboxEntry& e : entries)
            array.append(toJson(e));
        Cli::out(QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Indented)));
        return reportHeld(outbox, false);
    }
    const OutboxCounts counts = outbox.counts();
    if (counts.total() == 0) {
        Cli::out(Text::tr("Nothing to send: every change made here is on the server.\n"));
        return reportHeld(outbox, true);
    }
    Cli::out(Text::tr("%n change(s) not on the server yet: ", nullptr, counts.total())
             + Text::tr("%1 pending, %2 in conflict, %3 rejected.\n")
                   .arg(counts.pending)
                   .arg(counts.conflicts)
                   .arg(counts.rejected));
    for (const OutboxEntry& e : entries) {
        Cli::out(QStringLiteral("#%1\t%2\t%3/%4\t%5\t%6\n")
                     .arg(e.seq)
                     .arg(OutboxEntry::stateName(e.state), e.entity, e.rowId, e.label, describe(e)));
        if (e.state == OutboxEntry::State::Conflict) {
            if (e.rowDeletedOnServer())
                Cli::out(Text::tr("\tdeleted on the server; resolve with --recreate or --discard\n"));
            for (const QString& field : e.conflicting)
                Cli::out(Text::tr("\t%1: base %2, mine %3, theirs %4\n")
                             .arg(field, valueText(e.before.value(field)), valueText(e.fields.value(field)),
                                  valueText(e.theirs.value(field))));
        } else if (!e.error.isEmpty()) {
            Cli::out(Text::tr("\t%1 (attempt %2)\n").arg(e.error, QString::number(e.attempts)));
        }
    }
    return reportHeld(outbox, true);
}

int resolve(CliDatabase& database, const Cli::Args& options, bool retry)
{
    bool ok = false;
    const qint64 seq = options.positional.value(0).toLongLong(&ok);
    if (options.positional.size() != 1 || !ok)
        return Cli::fail(Cli::Usage,
                         Text::tr("'sync %1' needs the change's number (see sync status).")
                             .arg(retry ? QStringLiteral("retry") : QStringLiteral("resolve")));
    OfflineOutbox outbox;
    if (!SyncCommand::openCache(database, &outbox))
        return Cli::Failure;
    OutboxDecision decision = OutboxDecision::RetryNow;
    if (!retry) {
        const QStringList choices = {QStringLiteral("--keep-mine"), QStringLiteral("--take-theirs"),
                                     QStringLiteral("--recreate"), QStringLiteral("--discard")};
        QStringList chosen;
        for (const QString& c : choices) {
            if (options.has(c))
                chosen << c;
        }
        if (chosen.size() != 1)
            return Cli::fail(Cli::Usage,
                             Text::tr("'sync resolve' needs one of --keep-mine, --take-theirs, "
                                      "--recreate, --discard."));
        const QString& c = chosen.first();
        decision = c == QLatin1String("--keep-mine") ? OutboxDecision::KeepMine
            : c == QLatin1String("--recreate")       ? OutboxDecision::Recreate
                                                     : OutboxDecision::Discard;
    }
    const OfflineError error = outbox.decide(seq, decision);
    if (error.isError())
        return Cli::fail(Cli::Failure, error.detail);
    Cli::out(Text::tr("Change #%1 updated; `astralis-cli sync push` sends what is pending.\n").arg(seq));
    return Cli::Ok;
}

int pushCommand(CliDatabase& database, const Cli::Args& options)
{
    OfflineOutbox outbox;
    if (const int code = SyncCommand::openCache(database, &outbox, nullptr))
        return code;
    int timeout = 60;
    if (options.values.contains(QStringLiteral("--timeout"))) {
        bool ok = false;
        timeout = options.value(QStringLiteral("--timeout")).toInt(&ok);
        if (!ok || timeout < 0)
            return Cli::fail(Cli::Usage, Text::tr("--timeout takes a number of seconds."));
    }
    const int left = SyncCommand::push(database, outbox, timeout, options.has(QStringLiteral("--quiet")));
    if (left == 0) {
        Cli::out(Text::tr("Everything is on the server.\n"));
    } else {
        const OutboxCounts counts = outbox.counts();
        Cli::err(QStringLiteral("astralis-cli: ")
                 + Text::tr("%1 pending, %2 in conflict, %3 rejected are left (see sync status).")
                       .arg(counts.pending)
                       .arg(counts.conflicts)
                       .arg(counts.rejected)
                 + QLatin1Char('\n'));
    }
    // Changes made for another database at this address were not sent: exit 12 says so.
    if (const int held = reportHeld(outbox, false))
        return held;
    return left == 0 ? Cli::Ok : Cli::Failure;
}

} // namespace

namespace SyncCommand {

QString usage()
{
    return Text::tr("Usage: astralis-cli sync status [--json]\n"
                    "       astralis-cli sync push [--timeout SECONDS] [--quiet]\n"
                    "       astralis-cli sync resolve N --keep-mine|--take-theirs|--recreate|--discard\n"
                    "       astralis-cli sync retry N\n"
                    "\n"
                    "Changes made while the server was unreachable wait in a local outbox (one per\n"
                    "server and login, shared with the console) until they are sent.\n"
                    "  status   List pending, conflicting and rejected changes.\n"
                    "  push     Send them, in order; exits 1 if anything is left.\n"
                    "  resolve  Decide a conflict: keep my values over theirs, take theirs (drop mine),\n"
                    "           recreate a card deleted on the server with my values, or discard mine.\n"
                    "  retry    Send a rejected change again.\n"
                    "\n"
                    "Each database has its own outbox, even behind the same address (an SSH tunnel,\n"
                    "a restored dump): changes are only ever sent to the database they were made\n"
                    "against. Changes held for another database are listed by push and status,\n"
                    "which then exit 12.\n");
}

int openCache(CliDatabase& database, OfflineOutbox* outbox, CacheChoice* chosen)
{
    if (!database.isOpen()) {
        const OfflineError error = outbox->openLastUsed(database.settings());
        return error.isError() ? Cli::fail(Cli::Failure, error.detail) : Cli::Ok;
    }
    // Which database this is decides the cache: never another one's outbox or rows.
    const CacheChoice choice = outbox->openFor(database.settings(), database.connection());
    if (chosen)
        *chosen = choice;
    return reportChoice(choice);
}

int reportChoice(const CacheChoice& choice)
{
    if (!choice.ok())
        return Cli::fail(choice.error.code == OfflineError::Code::SchemaTooOld ? Cli::SchemaNotCurrent
                                                                               : Cli::Failure,
                         choice.error.detail);
    if (choice.switched && choice.previousUnsent > 0)
        Cli::err(QStringLiteral("astralis-cli: ")
                 + Text::tr("This cache belongs to another database (instance %1); its %n unsent "
                            "change(s) stay there and are not sent to this server (instance %2), "
                            "which gets a cache of its own.",
                            nullptr, choice.previousUnsent)
                       .arg(CacheFiles::shortInstance(choice.previousInstance),
                            CacheFiles::shortInstance(choice.serverInstance))
                 + QLatin1Char('\n'));
    return Cli::Ok;
}

bool openCache(CliDatabase& database, OfflineOutbox* outbox)
{
    return openCache(database, outbox, nullptr) == Cli::Ok;
}

int push(CliDatabase& database, OfflineOutbox& outbox, int timeoutSeconds, bool quiet)
{
    const qint64 deadline = QDateTime::currentMSecsSinceEpoch() + qint64(timeoutSeconds) * 1000;
    for (;;) {
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        const SyncEngine::Summary s = outbox.replay(database.connection(), now);
        if (!quiet && (s.applied || s.alreadyApplied || s.conflicts || s.rejected || s.retrying))
            Cli::out(
                Text::tr(
                    "sent %1 (%2 merged), already on the server %3, conflicts %4, rejected %5, retrying %6\n")
                    .arg(s.applied)
                    .arg(s.merged)
                    .arg(s.alreadyApplied)
                    .arg(s.conflicts)
                    .arg(s.rejected)
                    .arg(s.retrying));
        // Another pass helps only when something is backing off after a transient failure (or
        // the connection must be opened again); changes waiting behind a conflict of their row
        // wait for a person, not for time.
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        const qint64 next = outbox.earliestRetryMs(after);
        if (!s.interrupted && next == 0)
            break;
        const qint64 wait = std::max<qint64>(s.interrupted ? 500 : 0, next - after);
        if (after + wait > deadline)
            break;
        QThread::msleep(quint64(wait));
        // The connection failed: open a new one before the next pass.
        if (s.interrupted && database.reconnect() != 0)
            break;
    }
    return outbox.counts().total();
}

} // namespace SyncCommand

int SyncCommand::run(const QStringList& args)
{
    QStringList rest = args;
    QString sub;
    if (const std::optional<int> done = Cli::takeSubcommand(&rest, &sub, usage()))
        return *done;
    const QStringList commands = {QStringLiteral("status"), QStringLiteral("push"), QStringLiteral("resolve"),
                                  QStringLiteral("retry")};
    if (!commands.contains(sub))
        return Cli::fail(Cli::Usage, Text::tr("'%1' is not a command here. See --help.").arg(sub));
    const Cli::Args options = Cli::Args::parse(
        rest, {QStringLiteral("--database-url"), QStringLiteral("--timeout")},
        {QStringLiteral("--json"), QStringLiteral("--quiet"), QStringLiteral("--keep-mine"),
         QStringLiteral("--take-theirs"), QStringLiteral("--recreate"), QStringLiteral("--discard")});
    if (!options.error.isEmpty())
        return Cli::fail(Cli::Usage, options.error);
    if (options.has(QStringLiteral("--help"))) {
        Cli::out(usage());
        return Cli::Ok;
    }
    CliDatabase database;
    if (sub == QLatin1String("push")) {
        if (const int code = database.open(options.value(QStringLiteral("--database-url"))))
            return code; // unreachable: exit 5, nothing sent
        return pushCommand(database, options);
    }
    // The rest work on the local outbox alone: no connection needed.
    if (const int code = database.parseOnly(options.value(QStringLiteral("--database-url"))))
        return code;
    if (sub == QLatin1String("status"))
        return status(database, options);
    return resolve(database, options, sub == QLatin1String("retry"));
}
