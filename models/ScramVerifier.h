#pragma once

#include <QByteArray>
#include <QString>

// PostgreSQL's stored form of a SCRAM-SHA-256 password ("SCRAM-SHA-256$4096:salt$StoredKey:ServerKey"),
// computed on the client the way psql's \password does, so that CREATE/ALTER ROLE … PASSWORD
// never sends the password itself: it cannot appear in the server's statement log.
namespace ScramVerifier {

// The bytes SCRAM hashes for this password: SASLprep (RFC 4013) exactly as PostgreSQL's
// pg_saslprep() applies it in libpq and in the server, in UTF-8. Where PostgreSQL's SASLprep
// fails (a prohibited, unassigned or bidi-violating character, or nothing left after mapping),
// both use the password's raw UTF-8 bytes, and so does this.
QByteArray saslPrep(const QString& password);

// salt: 16 random bytes when empty (tests pass a fixed one).
QString make(const QString& password, QByteArray salt = {}, int iterations = 4096);

} // namespace ScramVerifier
