#pragma once

#include "ConnectionSettings.h"

// Parses the Astralis platform's DATABASE_URL (Prisma's PostgreSQL URL form):
//   postgresql://USER:PASSWORD@HOST:PORT/DATABASE?schema=public&sslmode=require&...
//   postgresql://USER@localhost/DATABASE?host=/var/run/postgresql   (Unix socket)
// Errors are specific and say what to change, because people paste these by hand.
struct UrlParseResult
{
    bool ok = false;
    ConnectionSettings settings;
    QString error; // translated, empty when ok
};

namespace ConnectionUrl {

UrlParseResult parse(const QString& url);

// The URL with any password replaced by "***" (for logs and error messages).
QString redacted(const QString& url);

// Whether the URL carries a password (user:password@, or a password= parameter), well-formed
// or not.
bool hasPassword(const QString& url);

// Splits the password out of a URL: returns the URL without it and stores it in *password.
QString withoutPassword(const QString& url, QString* password = nullptr);

} // namespace ConnectionUrl
