#pragma once

#include "ConnectError.h"

#include <QString>

// For tests: a failed QCOMPARE of two codes says which ones came out.
inline QString codeName(ConnectErrorCode code)
{
    switch (code) {
    case ConnectErrorCode::None:
        return QStringLiteral("None");
    case ConnectErrorCode::MalformedUrl:
        return QStringLiteral("MalformedUrl");
    case ConnectErrorCode::DriverMissing:
        return QStringLiteral("DriverMissing");
    case ConnectErrorCode::PasswordRequired:
        return QStringLiteral("PasswordRequired");
    case ConnectErrorCode::AuthenticationFailed:
        return QStringLiteral("AuthenticationFailed");
    case ConnectErrorCode::AccessRejected:
        return QStringLiteral("AccessRejected");
    case ConnectErrorCode::HostUnknown:
        return QStringLiteral("HostUnknown");
    case ConnectErrorCode::HostUnreachable:
        return QStringLiteral("HostUnreachable");
    case ConnectErrorCode::Timeout:
        return QStringLiteral("Timeout");
    case ConnectErrorCode::TlsFailed:
        return QStringLiteral("TlsFailed");
    case ConnectErrorCode::DatabaseMissing:
        return QStringLiteral("DatabaseMissing");
    case ConnectErrorCode::ServerBusy:
        return QStringLiteral("ServerBusy");
    case ConnectErrorCode::SchemaMissing:
        return QStringLiteral("SchemaMissing");
    case ConnectErrorCode::SchemaBehind:
        return QStringLiteral("SchemaBehind");
    case ConnectErrorCode::NotLinked:
        return QStringLiteral("NotLinked");
    case ConnectErrorCode::Unknown:
        return QStringLiteral("Unknown");
    }
    return QStringLiteral("<%1>").arg(int(code));
}
