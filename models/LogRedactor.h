#pragma once

#include <QString>

// Removes secrets from text before it is written anywhere (log file, stderr, error dialogs).
// Two nets: patterns (URL passwords, key=value credentials, bearer tokens, provider API keys)
// and the exact values of secrets the process has handled (registered by the services that
// touch them), so a secret is caught even where no pattern would recognise it.
namespace LogRedactor {

QString redact(const QString& text);

// Remember a secret value for the life of the process. Values shorter than 4 characters are
// ignored: redacting "a" or "12" everywhere would shred the log without protecting anything.
void addSecret(const QString& value);

// Forget registered secrets (tests).
void clearSecrets();

inline const QString& mask()
{
    static const QString m = QStringLiteral("***");
    return m;
}

} // namespace LogRedactor
