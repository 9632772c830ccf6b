#pragma once

#include <QString>

// A feature service's answer to a read. Reads that work offline answer twice: first with what
// this computer knows (fromCache), then with the server's. `error` says, in words for a person,
// why the server's read failed; `offline` that the server was not reachable at all.
template <typename T>
struct Answer
{
    T value;
    bool fromCache = false;
    bool offline = false;
    QString error;
    bool ok() const { return error.isEmpty(); }
};
