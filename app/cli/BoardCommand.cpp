#include "BoardCommand.h"

#include "BoardRepository.h"
#include "CliApp.h"
#include "CliDatabase.h"

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

int writeFailure(const BoardRepository::WriteResult& result)
{
    // Exit codes: 1 refused or failed, 10 conflict (re-read and try again), 11 not found.
    const int code = result.failure == BoardRepository::Failure::Conflict ? 10
        : result.failure == BoardRepository::Failure::Gone                ? 11
                                                                          : Cli::Failure;
    return Cli::fail(code, result.message);
}

int list(CliDatabase& database, const Cli::Args& options)
{
    const bool json = options.has(QStringLiteral("--json"));
    QString error;
    if (!options.values.contains(QStringLiteral("--pipeline"))) {
        const QList<Pipeline> pipelines = BoardRepository::pipelines(database.db(), &error);
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
    if (!BoardRepository::loadBoard(database.db(), options.value(QStringLiteral("--pipeline")), &board,
                                    &error))
        return Cli::fail(Cli::Failure, error);
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

int move(CliDatabase& database, const Cli::Args& options)
{
    if (options.positional.size() != 2)
        return Cli::fail(Cli::Usage, Text::tr("'board move' needs ITEM_ID and STAGE_KEY (or STAGE_ID)."));
    const QString itemId = options.positional.at(0);
    QString error;
    const PipelineItem current = BoardRepository::item(database.db(), itemId, &error);
    if (current.id.isEmpty())
        return Cli::fail(
            11,
            error.isEmpty() ? Text::tr("there is no card %1 (or you may not see it).").arg(itemId) : error);
    const QString stageId
        = BoardRepository::resolveStage(database.db(), itemId, options.positional.at(1), &error);
    if (stageId.isEmpty())
        return Cli::fail(
            Cli::Failure,
            error.isEmpty() ? Text::tr("the card's pipeline has no stage '%1'.").arg(options.positional.at(1))
                            : error);
    // To the end of the stage, after its last card.
    double last = 0;
    bool any = false;
    QSqlQuery q(database.db());
    q.prepare(QStringLiteral("SELECT max(position) FROM \"pipelineItem\" WHERE \"stageId\" = :s AND id <> :i "
                             "AND \"deletedAt\" IS NULL"));
    q.bindValue(QStringLiteral(":s"), stageId);
    q.bindValue(QStringLiteral(":i"), itemId);
    if (q.exec() && q.next() && !q.isNull(0)) {
        last = q.value(0).toDouble();
        any = true;
    }
    const int expected = options.values.contains(QStringLiteral("--expect-version"))
        ? options.value(QStringLiteral("--expect-version")).toInt()
        : current.version;
    const BoardRepository::WriteResult result
        = BoardRepository::move(database.db(), {{itemId, stageId, any ? last + 1024.0 : 1024.0, expected}});
    if (!result.ok())
        return writeFailure(result);
    Cli::out(Text::tr("Moved %1 to %2 (version %3).\n")
                 .arg(itemId, options.positional.at(1))
                 .arg(result.items.value(0).version));
    return Cli::Ok;
}

int show(CliDatabase& database, const Cli::Args& options)
{
    if (options.positional.size() != 1)
        return Cli::fail(Cli::Usage, Text::tr("'item show' needs ITEM_ID."));
    QString error;
    const PipelineItem item = BoardRepository::item(database.db(), options.positional.first(), &error);
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
                      item.dueDate.isValid() ? item.dueDate.toString(Qt::ISODate) : Text::tr("(none)"))
                 .arg(item.priority)
                 .arg(item.version)
                 .arg(item.description));
    return Cli::Ok;
}

int edit(CliDatabase& database, const Cli::Args& options)
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
            const QString id = BoardRepository::resolveUser(database.db(), who, &error);
            if (id.isEmpty())
                return Cli::fail(Cli::Failure,
                                 error.isEmpty() ? Text::tr("no one in this organization is '%1'.").arg(who)
                                                 : error);
            changes.assignedToId = id;
        }
    }
    if (options.values.contains(QStringLiteral("--stage"))) {
        const QString stage = BoardRepository::resolveStage(database.db(), itemId,
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
    const int expected = options.values.contains(QStringLiteral("--expect-version"))
        ? options.value(QStringLiteral("--expect-version")).toInt()
        : 0;
    const BoardRepository::WriteResult result
        = BoardRepository::update(database.db(), itemId, changes, expected);
    if (!result.ok())
        return writeFailure(result);
    Cli::out(Text::tr("Saved %1 (version %2).\n").arg(itemId).arg(result.items.value(0).version));
    return Cli::Ok;
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
                    "Exit codes: 10 the card changed meanwhile (--expect-version), 11 no such card.\n");
}

QString itemUsage()
{
    return Text::tr("Usage: astralis-cli item show ITEM_ID [--json]\n"
                    "       astralis-cli item edit ITEM_ID [--title T] [--description D] [--priority 0-3]\n"
                    "                                      [--due YYYY-MM-DD|none] [--assignee EMAIL|none]\n"
                    "                                      [--stage KEY] [--expect-version N]\n"
                    "\n"
                    "Every change is recorded in the organization's activity log.\n"
                    "Exit codes: 10 the card changed meanwhile (--expect-version), 11 no such card.\n");
}

namespace {

int dispatch(const QStringList& args, const QStringList& commands, const QString& usage,
             const std::function<int(const QString&, CliDatabase&, const Cli::Args&)>& run)
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
    CliDatabase database;
    if (const int code = database.open(options.value(QStringLiteral("--database-url"))))
        return code;
    return run(sub, database, options);
}

} // namespace

int runBoard(const QStringList& args)
{
    return dispatch(args, {QStringLiteral("list"), QStringLiteral("move")}, boardUsage(),
                    [](const QString& sub, CliDatabase& db, const Cli::Args& options) {
                        return sub == QLatin1String("list") ? list(db, options) : move(db, options);
                    });
}

int runItem(const QStringList& args)
{
    return dispatch(args, {QStringLiteral("show"), QStringLiteral("edit")}, itemUsage(),
                    [](const QString& sub, CliDatabase& db, const Cli::Args& options) {
                        return sub == QLatin1String("show") ? show(db, options) : edit(db, options);
                    });
}

} // namespace BoardCommand
