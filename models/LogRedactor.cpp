#include "LogRedactor.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <algorithm>

namespace {

QMutex& secretsMutex()
{
    static QMutex mutex;
    return mutex;
}

QSet<QString>& secrets()
{
    static QSet<QString> values;
    return values;
}

struct Rule
{
    QRegularExpression pattern;
    QString replacement;
};

const QList<Rule>& rules()
{
    static const QList<Rule> list = {
        // scheme://user:password@host
        {QRegularExpression(QStringLiteral("(\\b[a-z][a-z0-9+.-]*://[^:/@\\s]*:)[^/?#\\s]+@"),
                            QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1***@")},
        // password=…, api_key: …, "token": "…" (conninfo strings, query strings, JSON, headers)
        {QRegularExpression(
             QStringLiteral("((?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|"
                            "client[_-]?secret|refresh[_-]?token|access[_-]?token|credential[s]?)"
                            "[\"']?\\s*[=:]\\s*)(?:\"[^\"]*\"|'[^']*'|[^\\s&;,'\"}]+)"),
             QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1***")},
        // Authorization: Bearer …, Basic …
        {QRegularExpression(QStringLiteral("\\b(Bearer|Basic)\\s+[A-Za-z0-9._~+/=-]+"),
                            QRegularExpression::CaseInsensitiveOption),
         QStringLiteral("\\1 ***")},
        // Provider keys: OpenAI sk-…, Anthropic sk-ant-…, Google AIza…
        {QRegularExpression(QStringLiteral("\\b(?:sk-(?:ant-)?[A-Za-z0-9_-]{16,}|AIza[0-9A-Za-z_-]{30,})")),
         QStringLiteral("***")},
    };
    return list;
}

} // namespace

namespace LogRedactor {

QString redact(const QString& text)
{
    QString out = text;
    {
        QMutexLocker lock(&secretsMutex());
        if (!secrets().isEmpty()) {
            // Longest first, so a secret that contains another is removed whole.
            QList<QString> values(secrets().cbegin(), secrets().cend());
            std::sort(values.begin(), values.end(),
                      [](const QString& a, const QString& b) { return a.size() > b.size(); });
            for (const QString& value : values)
                out.replace(value, mask());
        }
    }
    for (const Rule& rule : rules())
        out.replace(rule.pattern, rule.replacement);
    return out;
}

void addSecret(const QString& value)
{
    if (value.size() < 4)
        return;
    QMutexLocker lock(&secretsMutex());
    secrets().insert(value);
    // The same secret as it appears inside a URL.
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(value));
    if (encoded != value)
        secrets().insert(encoded);
}

void clearSecrets()
{
    QMutexLocker lock(&secretsMutex());
    secrets().clear();
}

} // namespace LogRedactor
