#include "Await.h"

#include "OfflineStore.h"

#include <QObject>
#include <QTest>

#include <memory>

namespace Await {

bool storeIdle(OfflineStore* store, int timeoutMs)
{
    if (!store)
        return false;
    // Shared and guarded by a local context: an answer after a timeout goes nowhere.
    auto reached = std::make_shared<bool>(false);
    QObject context;
    store->whenIdle(&context, [reached] { *reached = true; });
    return QTest::qWaitFor([&] { return *reached; }, timeoutMs);
}

} // namespace Await
