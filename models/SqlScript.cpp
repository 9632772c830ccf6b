#include "SqlScript.h"

namespace {

bool isTagChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// Only comments and whitespace: nothing to run.
bool isBlank(const QString& text)
{
    int i = 0;
    const int n = text.size();
    while (i < n) {
        if (text.at(i).isSpace()) {
            ++i;
        } else if (text.mid(i, 2) == QLatin1String("--")) {
            while (i < n && text.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (text.mid(i, 2) == QLatin1String("/*")) {
            const int end = text.indexOf(QLatin1String("*/"), i + 2);
            i = end < 0 ? n : end + 2;
        } else {
            return false;
        }
    }
    return true;
}

} // namespace

namespace SqlScript {

QList<SqlStatement> split(const QString& script)
{
    QList<SqlStatement> statements;
    const int n = script.size();
    int start = 0;
    int line = 1;
    int startLine = 1;
    int i = 0;

    auto flush = [&](int end) {
        const QString text = script.mid(start, end - start).trimmed();
        if (!isBlank(text)) {
            // The statement starts at its first non-blank character.
            int firstLine = startLine;
            for (int k = start; k < end && script.at(k).isSpace(); ++k) {
                if (script.at(k) == QLatin1Char('\n'))
                    ++firstLine;
            }
            statements.append({text, firstLine});
        }
    };

    while (i < n) {
        const QChar c = script.at(i);
        if (c == QLatin1Char('\n')) {
            ++line;
            ++i;
        } else if (c == QLatin1Char('-') && i + 1 < n && script.at(i + 1) == QLatin1Char('-')) {
            while (i < n && script.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (c == QLatin1Char('/') && i + 1 < n && script.at(i + 1) == QLatin1Char('*')) {
            int depth = 1;
            i += 2;
            while (i < n && depth > 0) {
                if (script.at(i) == QLatin1Char('\n'))
                    ++line;
                if (script.mid(i, 2) == QLatin1String("/*")) {
                    ++depth;
                    i += 2;
                } else if (script.mid(i, 2) == QLatin1String("*/")) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            // '' and "" inside are escaped quotes; E'…' backslash escapes are honoured.
            const bool backslashes = c == QLatin1Char('\'') && i > 0
                && (script.at(i - 1) == QLatin1Char('E') || script.at(i - 1) == QLatin1Char('e'));
            ++i;
            while (i < n) {
                const QChar d = script.at(i);
                if (d == QLatin1Char('\n'))
                    ++line;
                if (backslashes && d == QLatin1Char('\\')) {
                    i += 2;
                    continue;
                }
                if (d == c) {
                    if (i + 1 < n && script.at(i + 1) == c) {
                        i += 2;
                        continue;
                    }
                    ++i;
                    break;
                }
                ++i;
            }
        } else if (c == QLatin1Char('$') && (i == 0 || !isTagChar(script.at(i - 1)))) {
            int j = i + 1;
            while (j < n && isTagChar(script.at(j)) && !script.at(j).isDigit())
                ++j;
            if (j < n && script.at(j) == QLatin1Char('$')) {
                const QString tag = script.mid(i, j - i + 1);
                const int end = script.indexOf(tag, j + 1);
                const int stop = end < 0 ? n : end + tag.size();
                line += script.mid(i, stop - i).count(QLatin1Char('\n'));
                i = stop;
            } else {
                ++i; // a positional parameter such as $1
            }
        } else if (c == QLatin1Char(';')) {
            flush(i);
            ++i;
            start = i;
            startLine = line;
        } else {
            ++i;
        }
    }
    flush(n);
    return statements;
}

} // namespace SqlScript
