#pragma once

#include <QByteArray>
#include <QString>

// PostgreSQL's stored form of a SCRAM-SHA-256 password ("SCRAM-SHA-256$4096:salt$StoredKey:ServerKey"),
// computed on the client the way psql's \password does, so that CREATE/ALTER ROLE … PASSWORD
// never sends the password itself: it cannot appear in the server's statement log.
namespace ScramVerifier {

// salt: 16 random bytes when empty (tests pass a fixed one).
QString make(const QString& password, QByteArray salt = {}, int iterations = 4096);

} // namespace ScramVerifier
