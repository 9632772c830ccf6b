#pragma once

class OfflineStore;

// Waiting for the condition a test needs instead of for a time: a fixed sleep is too short
// on a loaded machine and hides a broken feature on a quick one. Each returns false when the
// condition was not reached within timeoutMs (the test then fails with its own message).
namespace Await {

// Until the offline store has finished everything sent to it so far, answers included
// (OfflineStore::whenIdle()). Work queued only after a server's answer is not covered: wait
// for what shows that answer first.
bool storeIdle(OfflineStore* store, int timeoutMs = 10000);

} // namespace Await
