#include "BoardCommand.h"

#include "BoardCache.h"
#include "BoardRepository.h"
#include "CliApp.h"
#include "CliDatabase.h"
#include "DirectConnectionSql.h"
#include "LocalCache.h"
#include "OfflineOutbox.h"
#include "SyncCommand.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(BoardCommand)
};

QJsonObject toJson(const PipelineItem& item)
{
    return {
        {QStringLiteral("id"), item.id},
        {QStringLiteral("stageId"), item.stageId},
        {QStringLiteral("title"), item.title},
        {QStringLiteral("description"), item.description},
        {QStringLiteral("position"), item.position},
        {QStringLiteral("assignedToId"), item.assignedToId},
        {QStringLiteral("assignee"), item.assigneeName},
        {QStringLiteral("dueDate"), item.dueDate.isValid() ? item.dueDate.toString(Qt::ISODate) : QString()},
        {QStringLiteral("priority"), item.priority},
        {QStringLiteral("version"), item.version}};
}

void printJson(const QJsonValue& value)
{
    const QJsonDocument doc
        = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    Cli::out(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

QString line(const PipelineItem& item)
{
    QStringList extra;
    if (!item.assigneeName.isEmpty())
        extra << item.assigneeName;
    if (item.dueDate.isValid())
        extra << Text::tr("due %1").arg(item.dueDate.date().toString(Qt::ISODate));
    if (item.priority > 0)
        extra << Text::tr("priority %1").arg(item.priority);
    return QStringLiteral("  %1  %2%3\n")
        .arg(item.id, item.title,
             extra.isEmpty() ? QString()
                             : QStringLiteral("  [") + extra.join(QStringLiteral(", ")) + QLatin1Char(']'));
}

// A command's connection (or none: offline) and the local cache of this server and login.
struct Session
{
    CliDatabase database;
    OfflineOutbox outbox;
    LocalCache cache; // the outbox's file, for the board's rows
    bool offline = false;
};

// The card as this login sees it: fresh from the server when online (and cached), else the
// cache's copy; local changes not yet sent are included either way.
std::optional<PipelineItem> currentItem(Session& session, const QString& id, QString* error)
{
    if (!session.offline) {
        const PipelineItem fresh
            = BoardRepository::item(sqlDatabase(session.database.connection()), id, error);
        if (fresh.id.isEmpty())
            return std::nullopt;
        BoardCache::storeItems(&session.cache, {fresh}, error);
        // Its pipeline's stages too, so the card can be moved offline later.
        QSqlQuery q(sqlDatabase(session.database.connection()));
        q.prepare(QStringLiteral("SELECT s.\"pipelineId\" FROM \"pipelineStage\" s WHERE s.id = :s"));
        q.bindValue(QStringLiteral(":s"), fresh.stageId);
        if (q.exec() && q.next()) {
            const QString pipelineId = q.value(0).toString();
            QString ignored;
            BoardCache::storeStages(
                &session.cache, pipelineId,
                BoardRepository::stages(sqlDatabase(session.database.connection()), pipelineId, &ignored),
                &ignored);
        }
    }
    std::optional<PipelineItem> cached = BoardCache::item(&session.cache, id, error);
    if (!cached && session.offline && error->isEmpty())
        *error
            = Text::tr("card %1 was never loaded on this computer, and the server is not reachable.").arg(id);
    return cached;
}

// --expect-version N: the script saw version N; anything else means someone changed the card.
// 0 when it matches (or was not given), else the exit code, with the message printed.
int checkExpectedVersion(const Cli::Args& options, const PipelineItem& current)
{
    if (!options.values.contains(QStringLiteral("--expect-version"))
        || options.value(QStringLiteral("--expect-version")).toInt() == current.version)
        return 0;
    return Cli::fail(Cli::ChangedMeanwhile,
                     Text::tr("\"%1\" was changed by someone else meanwhile (now version %2).")
                         .arg(current.title, QString::number(current.version)));
}

// Queues the change in the outbox (one local transaction) and, when online, sends it and
// everything queued before it. Prints what happened to it; returns the exit code.
int queueAndSend(Session& session, OutboxEntry entry, const QString& done)
{
    QList<OutboxEntry> entries = {entry};
    QString error;
    if (!session.cache.outbox().enqueue(&entries, &error))
        return Cli::fail(Cli::Failure, error);
    const qint64 seq = entries.first().seq;
    if (session.offline) {
        Cli::out(Text::tr("Queued: %1. It is sent when the server is reachable (astralis-cli sync push).\n")
                     .arg(done));
        return Cli::Ok;
    }
    SyncCommand::push(session.database, session.outbox, 10, true);
    const std::optional<OutboxEntry> left = session.cache.outbox().entry(seq, &error);
    if (!left) {
        const std::optional<PipelineItem> item = BoardCache::item(&session.cache, entry.rowId, &error);
        Cli::out(Text::tr("%1 (version %2).\n").arg(done, QString::number(item ? item->version : 0)));
        return Cli::Ok;
    }
    switch (left->state) {
    case OutboxEntry::State::Conflict:
        return Cli::fail(Cli::ChangedMeanwhile,
                         Text::tr("someone changed the same fields of %1 meanwhile; your change waits as "
                                  "conflict #%2 (astralis-cli sync status, sync resolve).")
                             .arg(entry.rowId)
                             .arg(seq));
    case OutboxEntry::State::Rejected:
        return Cli::fail(Cli::Failure, Text::tr("the server refused the change: %1").arg(left->error));
    case OutboxEntry::State::Pending:
        break;
    }
    if (left->error.isEmpty()) // never tried: an earlier change of this card is in conflict
        Cli::out(Text::tr("Queued: %1. It waits behind a conflict of the same card; decide it first "
                          "(astralis-cli sync status, sync resolve).\n")
                     .arg(done));
    else
        Cli::out(Text::tr("Queued: %1. Sending failed for now (%2); astralis-cli sync push retries.\n")
                     .arg(done, left->error));
    return Cli::Ok;
}

int list(Session& session, const Cli::Args& options)
{
    const bool json = options.has(QStringLiteral("--json"));
    QString error;
    if (!options.values.contains(QStringLiteral("--pipeline"))) {
        const QList<Pipeline> pipelines = session.offline
            ? BoardCache::pipelines(&session.cache, &error)
            : BoardRepository::pipelines(sqlDatabase(session.database.connection()), &error);
        if (!session.offline)
            BoardCache::storePipelines(&session.cache, pipelines, &error);
        if (!error.isEmpty())
            return Cli::fail(Cli::Failure, error);
        QJsonArray array;
        for (const Pipeline& p : pipelines) {
            if (json)
                array.append(QJsonObject{{QStringLiteral("id"), p.id},
                                         {QStringLiteral("key"), p.key},
                                         {QStringLiteral("name"), p.name},
                                         {QStringLiteral("type"), p.type},
                                         {QStringLiteral("active"), p.isActive}});
            else
                Cli::out(QStringLiteral("%1\t%2\t%3%4\n")
                             .arg(p.key, p.name, p.type, p.isActive ? QString() : Text::tr("\tarchived")));
        }
        if (json)
            printJson(array);
        return Cli::Ok;
    }
    Board board;
    const QString pipeline = options.value(QStringLiteral("--pipeline"));
    if (session.offline) {
        if (!BoardCache::loadBoard(&session.cache, pipeline, &board, &error))
            return Cli::fail(Cli::Failure,
                             error.isEmpty() ? Text::tr("the board '%1' was never loaded on this "
                                                        "computer, and the server is not reachable.")
                                                   .arg(pipeline)
                                             : error);
    } else {
        if (!BoardRepository::loadBoard(sqlDatabase(session.database.connection()), pipeline, &board, &error))
            return Cli::fail(Cli::Failure, error);
        BoardCache::storeBoard(&session.cache,
                               BoardRepository::pipelines(sqlDatabase(session.database.connection()), &error),
                               board, &error);
        // What is shown includes changes made here and not yet sent.
        BoardCache::loadBoard(&session.cache, board.pipeline.id, &board, &error);
    }
    QHash<QString, QList<PipelineItem>> byStage;
    for (const PipelineItem& item : std::as_const(board.items))
        byStage[item.stageId] << item;
    QJsonArray stages;
    for (const PipelineStage& stage : std::as_const(board.stages)) {
        QList<PipelineItem> items = byStage.value(stage.id);
        std::sort(items.begin(), items.end(), [](const PipelineItem& a, const PipelineItem& b) {
            return a.position != b.position ? a.position < b.position : a.id < b.id;
        });
        if (json) {
            QJsonArray cards;
            for (const PipelineItem& item : items)
                cards.append(toJson(item));
            stages.append(QJsonObject{{QStringLiteral("id"), stage.id},
                                      {QStringLiteral("key"), stage.key},
                                      {QStringLiteral("name"), stage.name},
                                      {QStringLiteral("wipLimit"), stage.wipLimit},
                                      {QStringLiteral("terminal"), stage.isTerminal},
                                      {QStringLiteral("items"), cards}});
            continue;
        }
        const QString count = stage.wipLimit > 0
            ? QStringLiteral("%1/%2").arg(items.size()).arg(stage.wipLimit)
            : QString::number(items.size());
        Cli::out(QStringLiteral("%1 (%2) [%3]\n").arg(stage.name, stage.key, count));
        for (const PipelineItem& item : items)
            Cli::out(line(item));
    }
    if (json)
        printJson(QJsonObject{{QStringLiteral("pipeline"), board.pipeline.key},
                              {QStringLiteral("stages"), stages}});
    return Cli::Ok;
}

int move(Session& session, const Cli::Args& options)
{
    if (options.positional.size() != 2)
        return Cli::fail(Cli::Usage, Text::tr("'board move' needs ITEM_ID and STAGE_KEY (or STAGE_ID)."));
    const QString itemId = options.positional.at(0);
    QString error;
    const std::optional<PipelineItem> current = currentItem(session, itemId, &error);
    if (!current)
        return Cli::fail(
            11,
            error.isEmpty() ? Text::tr("there is no card %1 (or you may not see it).").arg(itemId) : error);
    const QString stageId
        = BoardCache::resolveStage(&session.cache, itemId, options.positional.at(1), &error);
    if (stageId.isEmpty())
        return Cli::fail(
            Cli::Failure,
            error.isEmpty() ? Text::tr("the card's pipeline has no stage '%1'.").arg(options.positional.at(1))
                            : error);
    if (const int code = checkExpectedVersion(options, *current))
        return code;
    // To the end of the stage, after its last card (as far as this computer knows when offline).
    double position = BoardCache::endOfStage(&session.cache, itemId, stageId, &error);
    if (!session.offline) {
        QSqlQuery q(sqlDatabase(session.database.connection()));
        q.prepare(
            QStringLiteral("SELECT max(position) FROM \"pipelineItem\" WHERE \"stageId\" = :s AND id <> :i "
                           "AND \"deletedAt\" IS NULL"));
        q.bindValue(QStringLiteral(":s"), stageId);
        q.bindValue(QStringLiteral(":i"), itemId);
        if (q.exec() && q.next() && !q.isNull(0))
            position = std::max(position, q.value(0).toDouble() + kPositionGap);
    }
    return queueAndSend(session, BoardCache::moveEntry(*current, stageId, position),
                        Text::tr("Moved %1 to %2").arg(itemId, options.positional.at(1)));
}

int show(Session& session, const Cli::Args& options)
{
    if (options.positional.size() != 1)
        return Cli::fail(Cli::Usage, Text::tr("'item show' needs ITEM_ID."));
    QString error;
    const PipelineItem item
        = currentItem(session, options.positional.first(), &error).value_or(PipelineItem());
    if (item.id.isEmpty())
        return Cli::fail(
            11,
            error.isEmpty()
                ? Text::tr("there is no card %1 (or you may not see it).").arg(options.positional.first())
                : error);
    if (options.has(QStringLiteral("--json"))) {
        printJson(toJson(item));
        return Cli::Ok;
    }
    Cli::out(Text::tr("id:          %1\ntitle:       %2\nstage:       %3\nassignee:    %4\ndue:         "
                      "%5\npriority:    %6\n"
                      "version:     %7\ndescription: %8\n")
                 .arg(item.id, item.title, item.stageId,
                      item.assigneeName.isEmpty() ? Text::tr("(nobody)") : item.assigneeName,
                      item.dueDate.isValid() ? item.dueDate.toString(Qt::ISODate) : Text::tr("(none)"),
                      QString::number(item.priority), QString::number(item.version), item.description));
    return Cli::Ok;
}

int edit(Session& session, const Cli::Args& options)
{
    if (options.positional.size() != 1)
        return Cli::fail(Cli::Usage, Text::tr("'item edit' needs ITEM_ID and at least one --field value."));
    const QString itemId = options.positional.first();
    BoardRepository::ItemChanges changes;
    QString error;
    if (options.values.contains(QStringLiteral("--title")))
        changes.title = options.value(QStringLiteral("--title"));
    if (options.values.contains(QStringLiteral("--description")))
        changes.description = options.value(QStringLiteral("--description"));
    if (options.values.contains(QStringLiteral("--priority"))) {
        bool ok = false;
        changes.priority = options.value(QStringLiteral("--priority")).toInt(&ok);
        if (!ok)
            return Cli::fail(Cli::Usage, Text::tr("--priority takes 0, 1, 2 or 3."));
    }
    if (options.values.contains(QStringLiteral("--due"))) {
        const QString due = options.value(QStringLiteral("--due"));
        if (due == QLatin1String("none")) {
            changes.dueDate = QDateTime();
        } else {
            const QDate date = QDate::fromString(due, Qt::ISODate);
            if (!date.isValid())
                return Cli::fail(Cli::Usage, Text::tr("--due takes a date as YYYY-MM-DD, or none."));
            changes.dueDate = QDateTime(date, QTime(17, 0), Qt::UTC);
        }
    }
    if (options.values.contains(QStringLiteral("--assignee"))) {
        const QString who = options.value(QStringLiteral("--assignee"));
        if (who == QLatin1String("none")) {
            changes.assignedToId = QString();
        } else {
            if (session.offline)
                return Cli::fail(Cli::Failure,
                                 Text::tr("--assignee needs the server to look up '%1'.").arg(who));
            const QString id
                = BoardRepository::resolveUser(sqlDatabase(session.database.connection()), who, &error);
            if (id.isEmpty())
                return Cli::fail(Cli::Failure,
                                 error.isEmpty() ? Text::tr("no one in this organization is '%1'.").arg(who)
                                                 : error);
            changes.assignedToId = id;
        }
    }
    if (options.values.contains(QStringLiteral("--stage"))) {
        if (!currentItem(session, itemId, &error))
            return Cli::fail(Cli::NoSuchItem,
                             error.isEmpty()
                                 ? Text::tr("there is no card %1 (or you may not see it).").arg(itemId)
                                 : error);
        const QString stage = BoardCache::resolveStage(&session.cache, itemId,
                                                       options.value(QStringLiteral("--stage")), &error);
        if (stage.isEmpty())
            return Cli::fail(Cli::Failure,
                             error.isEmpty() ? Text::tr("the card's pipeline has no stage '%1'.")
                                                   .arg(options.value(QStringLiteral("--stage")))
                                             : error);
        changes.stageId = stage;
    }
    if (changes.isEmpty())
        return Cli::fail(
            Cli::Usage,
            Text::tr("'item edit' needs at least one of --title, --description, --priority, --due, "
                     "--assignee, --stage."));
    const QHash<QString, QString> problems = BoardRepository::validate(changes);
    for (auto it = problems.cbegin(); it != problems.cend(); ++it)
        Cli::err(QStringLiteral("astralis-cli: --%1: %2\n").arg(it.key(), it.value()));
    if (!problems.isEmpty())
        return Cli::Usage;
    const std::optional<PipelineItem> current = currentItem(session, itemId, &error);
    if (!current)
        return Cli::fail(
            11,
            error.isEmpty() ? Text::tr("there is no card %1 (or you may not see it).").arg(itemId) : error);
    if (const int code = checkExpectedVersion(options, *current))
        return code;
    return queueAndSend(session, BoardCache::editEntry(*current, changes), Text::tr("Saved %1").arg(itemId));
}

} // namespace

namespace BoardCommand {

QString boardUsage()
{
    return Text::tr("Usage: astralis-cli board list [--pipeline KEY] [--json]\n"
                    "       astralis-cli board move ITEM_ID STAGE_KEY|STAGE_ID [--expect-version N]\n"
                    "\n"
                    "  list   Without --pipeline: the pipelines. With it: its stages and cards in order.\n"
                    "  move   Move a card to the end of a stage of its pipeline.\n"
                    "\n"
                    "Changes go through the local outbox: when the server is not reachable they are\n"
                    "queued (exit 0, \"Queued: …\") and sent by the next command or 'sync push'.\n"
                    "Exit codes: 10 the card changed meanwhile (--expect-version) or the same fields\n"
                    "were changed by someone else (a conflict, see 'sync status'), 11 no such card.\n");
}

QString itemUsage()
{
    return Text::tr("Usage: astralis-cli item show ITEM_ID [--json]\n"
                    "       astralis-cli item edit ITEM_ID [--title T] [--description D] [--priority 0-3]\n"
                    "                                      [--due YYYY-MM-DD|none] [--assignee EMAIL|none]\n"
                    "                                      [--stage KEY] [--expect-version N]\n"
                    "\n"
                    "Every change is recorded in the organization's activity log. Changes go through\n"
                    "the local outbox: offline they are queued and sent later (see 'sync').\n"
                    "Exit codes: 10 the card changed meanwhile (--expect-version) or the same fields\n"
                    "were changed by someone else (a conflict, see 'sync status'), 11 no such card.\n");
}

namespace {

int dispatch(const QStringList& args, const QStringList& commands, const QString& usage,
             const std::function<int(const QString&, Session&, const Cli::Args&)>& run)
{
    QStringList rest = args;
    QString sub;
    if (const std::optional<int> done = Cli::takeSubcommand(&rest, &sub, usage))
        return *done;
    if (!commands.contains(sub))
        return Cli::fail(Cli::Usage, Text::tr("'%1' is not a command here. See --help.").arg(sub));
    const Cli::Args options = Cli::Args::parse(
        rest,
        {QStringLiteral("--database-url"), QStringLiteral("--pipeline"), QStringLiteral("--expect-version"),
         QStringLiteral("--title"), QStringLiteral("--description"), QStringLiteral("--priority"),
         QStringLiteral("--due"), QStringLiteral("--assignee"), QStringLiteral("--stage")},
        {QStringLiteral("--json")});
    if (!options.error.isEmpty())
        return Cli::fail(Cli::Usage, options.error);
    if (options.has(QStringLiteral("--help"))) {
        Cli::out(usage);
        return Cli::Ok;
    }
    // An unreachable server is not an error here: the commands work from the local cache and
    // writes wait in its outbox.
    Session session;
    if (const int code
        = session.database.openOrOffline(options.value(QStringLiteral("--database-url")), &session.offline))
        return code;
    QString error;
    if (!SyncCommand::openCache(session.database, &session.outbox))
        return Cli::Failure;
    if (!session.cache.open(session.outbox.path(), &error))
        return Cli::fail(Cli::Failure, error);
    if (session.offline)
        Cli::err(Text::tr("astralis-cli: the server is not reachable; working from the local cache.\n"));
    return run(sub, session, options);
}

} // namespace

int runBoard(const QStringList& args)
{
    return dispatch(args, {QStringLiteral("list"), QStringLiteral("move")}, boardUsage(),
                    [](const QString& sub, Session& session, const Cli::Args& options) {
                        return sub == QLatin1String("list") ? list(session, options) : move(session, options);
                    });
}

int runItem(const QStringList& args)
{
    return dispatch(args, {QStringLiteral("show"), QStringLiteral("edit")}, itemUsage(),
                    [](const QString& sub, Session& session, const Cli::Args& options) {
                        return sub == QLatin1String("show") ? show(session, options) : edit(session, options);
                    });
}

} // namespace BoardCommand
