#include "OutboxTracker.h"

#include "DatabaseService.h"
#include "LocalCache.h"
#include "OfflineStore.h"
#include "SyncService.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(OutboxTracker)
};

} // namespace

OutboxTracker::OutboxTracker(DatabaseService* database, OfflineStore* store, SyncService* sync,
                             QObject* parent)
    : QObject(parent)
    , m_database(database)
    , m_store(store)
    , m_sync(sync)
{
    connect(m_sync, &SyncService::passFinished, this, [this](const SyncEngine::Summary& summary) {
        onPass(summary.interrupted || m_sync->lastPassInterrupted());
    });
}

void OutboxTracker::enqueue(QObject* context, QList<OutboxEntry> entries,
                            std::function<void(const Queued&)> saved,
                            std::function<void(const OutboxReceipt&)> receipt)
{
    auto answer = std::make_shared<Queued>();
    m_store->run(
        this,
        [entries, answer](LocalCache& cache) mutable {
            QString error;
            if (!cache.outbox().enqueue(&entries, &error))
                answer->error = error;
            else
                answer->entries = entries;
            return QVariant(true);
        },
        [this, context = QPointer<QObject>(context), answer, saved, receipt](const QVariant& ran) {
            if (!ran.isValid())
                answer->error = Text::tr("the local cache is not available");
            if (answer->ok()) {
                if (receipt) {
                    for (const OutboxEntry& e : std::as_const(answer->entries))
                        m_waiting.insert(e.seq, Waiter{context, e, receipt});
                }
                m_store->refreshCounts();
            }
            if (context && saved)
                saved(*answer);
            if (!answer->ok())
                return;
            m_sync->kick();
            if (!m_database->isOnline())
                onPass(true); // nothing can be sent now: what waits for it is answered
        });
}

void OutboxTracker::onPass(bool interrupted)
{
    if (m_waiting.isEmpty())
        return;
    const QList<qint64> seqs = m_waiting.keys();
    auto found = std::make_shared<QHash<qint64, OutboxEntry>>(); // missing: applied
    m_store->run(
        this,
        [seqs, found](LocalCache& cache) {
            for (qint64 seq : seqs) {
                if (const std::optional<OutboxEntry> e = cache.outbox().entry(seq))
                    found->insert(seq, *e);
            }
            return QVariant(true);
        },
        [this, seqs, found, interrupted](const QVariant& ran) {
            if (!ran.isValid())
                return; // the cache was closed (signed out): nobody is told anything false
            for (qint64 seq : seqs) {
                const auto it = m_waiting.constFind(seq);
                if (it == m_waiting.constEnd())
                    continue;
                OutboxReceipt receipt;
                receipt.entry = found->value(seq, it->entry);
                if (!found->contains(seq)) {
                    receipt.outcome = OutboxReceipt::Outcome::Applied;
                } else if (receipt.entry.state == OutboxEntry::State::Pending) {
                    if (!interrupted && m_database->isOnline())
                        continue; // backing off; the next pass tells
                    receipt.outcome = OutboxReceipt::Outcome::Saved;
                } else if (receipt.entry.state == OutboxEntry::State::Rejected) {
                    receipt.outcome = OutboxReceipt::Outcome::Refused;
                } else {
                    receipt.outcome = receipt.entry.rowDeletedOnServer() ? OutboxReceipt::Outcome::Gone
                                                                         : OutboxReceipt::Outcome::Conflict;
                }
                const Waiter waiter = m_waiting.take(seq);
                if (waiter.context && waiter.receipt)
                    waiter.receipt(receipt);
            }
        });
}
