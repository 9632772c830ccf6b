#pragma once

#include <functional>

// Exponential backoff with full jitter for reconnects and retries.
// The random source is injectable so tests get deterministic delays.
class Backoff
{
public:
    Backoff(int initialMs = 500, int maxMs = 30000, std::function<double()> random = {});

    // Delay before the next attempt; each call doubles the ceiling up to maxMs.
    int nextDelayMs();
    void reset();
    int attempts() const { return m_attempts; }

private:
    int m_initialMs;
    int m_maxMs;
    int m_attempts = 0;
    std::function<double()> m_random; // uniform in [0, 1)
};
