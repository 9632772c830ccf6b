#include "OfflineActions.h"

#include "BoardCache.h"
#include "LocalCache.h"

#include <QUuid>

namespace OfflineActions {

CacheChoice chooseCache(const ConnectionSettings& settings, QSqlDatabase& db)
{
    CacheChoice result;
    const CacheFiles::ServerInstance server = CacheFiles::serverInstance(db);
    if (server.id.isEmpty()) {
        result.error = {server.connectionLost ? OfflineError::Code::ConnectionLost
                            : server.missing  ? OfflineError::Code::SchemaTooOld
                                              : OfflineError::Code::Failed,
                        server.error};
        return result;
    }
    result.serverInstance = server.id;
    const CacheFiles::Choice choice = CacheFiles::choose(settings, server.id);
    if (!choice.ok) {
        result.error = OfflineError::failed(choice.error);
        return result;
    }
    result.path = choice.path;
    result.adopted = choice.adopted;
    result.switched = choice.switched;
    result.previousPath = choice.previousPath;
    result.previousInstance = choice.previousInstance;
    result.previousUnsent = choice.previousUnsent;
    return result;
}

OutboxListing entries(const LocalCache& cache)
{
    OutboxListing listing;
    QString error;
    listing.entries = cache.outbox().entries(&error);
    if (!error.isEmpty())
        listing.error = OfflineError::failed(error);
    return listing;
}

OutboxCounts counts(const LocalCache& cache)
{
    return cache.outbox().counts();
}

QList<HeldChanges> held(const ConnectionSettings& settings, const QString& currentPath)
{
    return CacheFiles::held(settings, currentPath);
}

OfflineError decide(LocalCache& cache, qint64 seq, OutboxDecision decision)
{
    QString error;
    bool ok = false;
    switch (decision) {
    case OutboxDecision::KeepMine:
        ok = cache.outbox().keepMine(seq, &error);
        break;
    case OutboxDecision::Discard:
        ok = cache.outbox().discard(seq, &error);
        break;
    case OutboxDecision::Recreate:
        ok = cache.outbox().recreate(seq, &error);
        break;
    case OutboxDecision::RetryNow:
        ok = cache.outbox().retryNow(seq, &error);
        break;
    }
    return ok ? OfflineError() : OfflineError::failed(error);
}

bool canKeepBoth(const OutboxEntry& conflict)
{
    return conflict.entity == BoardCache::kItem;
}

OfflineError keepBoth(LocalCache& cache, const OutboxEntry& e, const QString& pipelineId,
                      const QString& copyTitle)
{
    QString error;
    const std::optional<PipelineItem> card = BoardCache::item(&cache, e.rowId, &error);
    bool ok = cache.outbox().discard(e.seq, &error);
    if (ok && card) {
        const QVariantMap theirs = e.theirs;
        const QString title
            = e.fields.value(QStringLiteral("title"), theirs.value(QStringLiteral("title"))).toString();
        OutboxEntry copy = BoardCache::createEntry(
            QStringLiteral("c") + QUuid::createUuid().toString(QUuid::Id128), pipelineId,
            e.fields.value(QStringLiteral("stageId"), card->stageId).toString(), copyTitle.arg(title),
            card->position + 0.5);
        for (const QString& field : {QStringLiteral("description"), QStringLiteral("priority"),
                                     QStringLiteral("dueDate"), QStringLiteral("assignedToId")}) {
            const QVariant v = e.fields.contains(field) ? e.fields.value(field) : theirs.value(field);
            if (v.isValid() && !v.isNull())
                copy.fields.insert(field, v);
        }
        copy.label = copyTitle.arg(title);
        QList<OutboxEntry> one = {copy};
        ok = cache.outbox().enqueue(&one, &error);
    }
    return ok ? OfflineError() : OfflineError::failed(error);
}

} // namespace OfflineActions
