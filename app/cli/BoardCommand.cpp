#include "BoardCommand.h"

#include "BoardService.h"
#include "CliApp.h"
#include "CliSession.h"
#include "OfflineStore.h"
#include "SyncService.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

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

using Session = CliSession;

// How long a change waits for the server's answer before the command reports it as queued.
constexpr int kSendMs = 10000;

// The card as this login sees it: fresh from the server when online (and cached), else the
// cache's copy; local changes not yet sent are included either way. Prints why there is none
// and sets *code (11 no such card, or 1).
std::optional<PipelineItem> currentItem(Session& session, const QString& id, int* code)
{
    const std::optional<Answer<PipelineItem>> answer = session.once<Answer<PipelineItem>>(
        [&session, id](QObject* context, std::function<void(const Answer<PipelineItem>&)> done) {
            session.boards()->card(context, id, std::move(done));
        });
    if (answer && !answer->value.id.isEmpty())
        return answer->value;
    *code = Cli::fail(
        Cli::NoSuchItem,
        answer && !answer->ok() ? answer->error
            : session.offline()
            ? Text::tr("card %1 was never loaded on this computer, and the server is not reachable.").arg(id)
            : Text::tr("there is no card %1 (or you may not see it).").arg(id));
    return std::nullopt;
}

// A stage of the card's pipeline by key or id, and where the card goes in it (after its last
// card). Prints why there is none and sets *code.
std::optional<BoardService::MoveTarget> moveTarget(Session& session, const QString& itemId,
                                                   const QString& stage, int* code)
{
    const std::optional<Answer<BoardService::MoveTarget>> answer
        = session.once<Answer<BoardService::MoveTarget>>(
            [&session, itemId, stage](QObject* context,
                                      std::function<void(const Answer<BoardService::MoveTarget>&)> done) {
                session.boards()->moveTarget(context, itemId, stage, std::move(done));
            });
    if (answer && answer->ok() && !answer->value.stageId.isEmpty())
        return answer->value;
    *code
        = Cli::fail(Cli::Failure,
                    answer && !answer->ok() ? answer->error
                                            : Text::tr("the card's pipeline has no stage '%1'.").arg(stage));
    return std::nullopt;
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

// Queues a change through the board service (the outbox: one local transaction) and, when
// online, waits for the server's answer to it; the replay sends everything queued before it
// too. Prints what happened to it; returns the exit code.
int queueAndSend(Session& session, const QString& itemId, const QString& done,
                 const std::function<void(QObject*, BoardService::Saved, BoardService::Receipt)>& queue)
{
    std::optional<OutboxTracker::Queued> saved;
    std::optional<OutboxReceipt> receipt;
    {
        QEventLoop loop;
        // A change behind a conflict of its card gets no receipt until a person decides: once a
        // pass went by without trying it, that is the answer.
        QObject::connect(session.sync(), &SyncService::passFinished, &loop, [&session, &saved, &loop] {
            if (!saved || saved->entries.isEmpty())
                return;
            const qint64 seq = saved->entries.first().seq;
            session.store()->entries(&loop, [seq, &loop](const OutboxListing& listing) {
                for (const OutboxEntry& e : listing.entries) {
                    if (e.seq == seq && e.state == OutboxEntry::State::Pending && e.attempts == 0
                        && e.error.isEmpty())
                        loop.quit();
                }
            });
        });
        queue(
            &loop,
            [&saved, &loop](const OutboxTracker::Queued& queued) {
                saved = queued;
                if (!queued.ok())
                    loop.quit();
            },
            [&receipt, &loop](const OutboxReceipt& r) {
                receipt = r;
                loop.quit();
            });
        QTimer timer;
        timer.setSingleShot(true);
        QObject::connect(&timer, &QTimer::timeout, &loop, &QEventLoop::quit);
        timer.start(kSendMs);
        loop.exec();
    }
    if (!saved)
        return Cli::fail(Cli::Failure, Text::tr("the local cache did not answer"));
    if (!saved->ok())
        return Cli::fail(Cli::Failure, saved->error);
    const qint64 seq = saved->entries.isEmpty() ? 0 : saved->entries.first().seq;
    if (session.offline()) {
        Cli::out(Text::tr("Queued: %1. It is sent when the server is reachable (astralis-cli sync push).\n")
                     .arg(done));
        return Cli::Ok;
    }
    // No answer yet: it waits in the outbox, as the cache says why.
    OutboxEntry left = receipt ? receipt->entry : OutboxEntry();
    if (!receipt) {
        const std::optional<OutboxListing> listing = session.once<OutboxListing>(
            [&session](QObject* context, std::function<void(const OutboxListing&)> answer) {
                session.store()->entries(context, std::move(answer));
            });
        if (listing) {
            for (const OutboxEntry& e : listing->entries) {
                if (e.seq == seq)
                    left = e;
            }
        }
    }
    if (receipt && receipt->outcome == OutboxReceipt::Outcome::Applied) {
        const std::optional<QList<PipelineItem>> shown = session.once<QList<PipelineItem>>(
            [&session, itemId](QObject* context, std::function<void(const QList<PipelineItem>&)> answer) {
                session.boards()->cachedItems(context, {itemId}, std::move(answer));
            });
        const int version = shown && !shown->isEmpty() ? shown->first().version : 0;
        Cli::out(Text::tr("%1 (version %2).\n").arg(done, QString::number(version)));
        return Cli::Ok;
    }
    switch (left.state) {
    case OutboxEntry::State::Conflict:
        return Cli::fail(Cli::ChangedMeanwhile,
                         Text::tr("someone changed the same fields of %1 meanwhile; your change waits as "
                                  "conflict #%2 (astralis-cli sync status, sync resolve).")
                             .arg(itemId)
                             .arg(seq));
    case OutboxEntry::State::Rejected:
        return Cli::fail(Cli::Failure, Text::tr("the server refused the change: %1").arg(left.error));
    case OutboxEntry::State::Pending:
        break;
    }
    if (left.error.isEmpty()) // never tried: an earlier change of this card is in conflict
        Cli::out(Text::tr("Queued: %1. It waits behind a conflict of the same card; decide it first "
                          "(astralis-cli sync status, sync resolve).\n")
                     .arg(done));
    else
        Cli::out(Text::tr("Queued: %1. Sending failed for now (%2); astralis-cli sync push retries.\n")
                     .arg(done, left.error));
    return Cli::Ok;
}

int list(Session& session, const Cli::Args& options)
{
    const bool json = options.has(QStringLiteral("--json"));
    // The pipelines: the server's (kept in the cache) when online, else the cache's.
    const std::optional<Answer<QList<Pipeline>>> pipelines = session.final<QList<Pipeline>>(
        [&session](QObject* context, std::function<void(const Answer<QList<Pipeline>>&)> answer) {
            session.boards()->pipelines(context, std::move(answer));
        });
    if (pipelines && !pipelines->ok())
        return Cli::fail(Cli::Failure, pipelines->error);
    if (!options.values.contains(QStringLiteral("--pipeline"))) {
        QJsonArray array;
        for (const Pipeline& p : pipelines ? pipelines->value : QList<Pipeline>()) {
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
    const QString pipeline = options.value(QStringLiteral("--pipeline"));
    // The server's board (kept in the cache) when online, else the cache's; changes made here
    // and not yet sent laid over either way.
    const std::optional<Answer<Board>> answer = session.final<Board>(
        [&session, pipeline](QObject* context, std::function<void(const Answer<Board>&)> done) {
            session.boards()->openBoard(context, pipeline, std::move(done));
        });
    if (!answer || (session.offline() && answer->value.pipeline.id.isEmpty()))
        return Cli::fail(Cli::Failure,
                         Text::tr("the board '%1' was never loaded on this "
                                  "computer, and the server is not reachable.")
                             .arg(pipeline));
    if (!answer->ok())
        return Cli::fail(Cli::Failure, answer->error);
    const Board& board = answer->value;
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
    int code = Cli::Ok;
    const std::optional<PipelineItem> current = currentItem(session, itemId, &code);
    if (!current)
        return code;
    // To the end of the stage, after its last card (as far as this computer knows when offline).
    const std::optional<BoardService::MoveTarget> target
        = moveTarget(session, itemId, options.positional.at(1), &code);
    if (!target)
        return code;
    if (const int changed = checkExpectedVersion(options, *current))
        return changed;
    const BoardService::Move change{*current, target->stageId, target->position};
    return queueAndSend(
        session, itemId, Text::tr("Moved %1 to %2").arg(itemId, options.positional.at(1)),
        [&session, change](QObject* context, BoardService::Saved saved, BoardService::Receipt receipt) {
            session.boards()->moveItems(context, {change}, std::move(saved), std::move(receipt));
        });
}

int show(Session& session, const Cli::Args& options)
{
    if (options.positional.size() != 1)
        return Cli::fail(Cli::Usage, Text::tr("'item show' needs ITEM_ID."));
    int code = Cli::Ok;
    const std::optional<PipelineItem> found = currentItem(session, options.positional.first(), &code);
    if (!found)
        return code;
    const PipelineItem& item = *found;
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
    ItemChanges changes;
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
            if (session.offline())
                return Cli::fail(Cli::Failure,
                                 Text::tr("--assignee needs the server to look up '%1'.").arg(who));
            const std::optional<Answer<QString>> person = session.once<Answer<QString>>(
                [&session, who](QObject* context, std::function<void(const Answer<QString>&)> done) {
                    session.boards()->findPerson(context, who, std::move(done));
                });
            if (!person || !person->ok() || person->value.isEmpty())
                return Cli::fail(Cli::Failure,
                                 person && !person->ok()
                                     ? person->error
                                     : Text::tr("no one in this organization is '%1'.").arg(who));
            changes.assignedToId = person->value;
        }
    }
    int code = Cli::Ok;
    std::optional<PipelineItem> current;
    if (options.values.contains(QStringLiteral("--stage"))) {
        current = currentItem(session, itemId, &code);
        if (!current)
            return code;
        const std::optional<BoardService::MoveTarget> target
            = moveTarget(session, itemId, options.value(QStringLiteral("--stage")), &code);
        if (!target)
            return code;
        changes.stageId = target->stageId;
    }
    if (changes.isEmpty())
        return Cli::fail(
            Cli::Usage,
            Text::tr("'item edit' needs at least one of --title, --description, --priority, --due, "
                     "--assignee, --stage."));
    const QHash<QString, QString> problems = changes.problems();
    for (auto it = problems.cbegin(); it != problems.cend(); ++it)
        Cli::err(QStringLiteral("astralis-cli: --%1: %2\n").arg(it.key(), it.value()));
    if (!problems.isEmpty())
        return Cli::Usage;
    if (!current)
        current = currentItem(session, itemId, &code);
    if (!current)
        return code;
    if (const int changed = checkExpectedVersion(options, *current))
        return changed;
    const PipelineItem item = *current;
    return queueAndSend(session, itemId, Text::tr("Saved %1").arg(itemId),
                        [&session, item, changes](QObject* context, BoardService::Saved saved,
                                                  BoardService::Receipt receipt) {
                            session.boards()->editItem(context, item, changes, std::move(saved),
                                                       std::move(receipt));
                        });
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
    if (const int code = session.open(options.value(QStringLiteral("--database-url"))))
        return code;
    if (session.offline())
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
