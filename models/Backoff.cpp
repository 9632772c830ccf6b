#include "Backoff.h"

#include <QRandomGenerator>

#include <algorithm>

Backoff::Backoff(int initialMs, int maxMs, std::function<double()> random)
    : m_initialMs(initialMs)
    , m_maxMs(maxMs)
    , m_random(std::move(random))
{
    if (!m_random)
        m_random = [] { return QRandomGenerator::global()->generateDouble(); };
}

int Backoff::nextDelayMs()
{
    // Ceiling doubles per attempt; the shift is capped so it never overflows.
    const qint64 ceiling = std::min<qint64>(m_maxMs, qint64(m_initialMs) << std::min(m_attempts, 20));
    ++m_attempts;
    // Half fixed, half jitter: never hammers the server in lockstep, never retries at once.
    const double jitter = std::clamp(m_random(), 0.0, 1.0);
    return int(ceiling / 2 + (ceiling / 2) * jitter);
}

void Backoff::reset()
{
    m_attempts = 0;
}
