#include "SqlScript.h"

namespace {

bool isIdentifierChar(QChar c)
{
    return c.isLetterOrNumber() || c == QLatin1Char('_');
}

// The first position in [from, to) that is neither whitespace nor inside a comment (nested
// /* */ comments included); `to` when there is none.
int skipBlank(const QString& text, int from, int to)
{
    int i = from;
    while (i < to) {
        if (text.at(i).isSpace()) {
            ++i;
        } else if (text.mid(i, 2) == QLatin1String("--")) {
            while (i < to && text.at(i) != QLatin1Char('\n'))
                ++i;
        } else if (text.mid(i, 2) == QLatin1String("/*")) {
            int depth = 1;
            i += 2;
            while (i < to && depth > 0) {
                if (text.mid(i, 2) == QLatin1String("/*")) {
                    ++depth;
                    i += 2;
                } else if (text.mid(i, 2) == QLatin1String("*/")) {
                    --depth;
                    i += 2;
                } else {
                    ++i;
                }
            }
        } else {
            return i;
        }
    }
    return to;
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
        // A statement starts at its first character of SQL: Prisma puts a comment above each.
        const int first = skipBlank(script, start, end);
        if (first == end)
            return;
        const int firstLine = startLine + int(script.mid(start, first - start).count(QLatin1Char('\n')));
        statements.append({script.mid(first, end - first).trimmed(), firstLine});
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
            // E'…' only when the E stands alone: in ESCAPE'\' it ends a keyword.
            const bool backslashes = c == QLatin1Char('\'') && i > 0
                && (script.at(i - 1) == QLatin1Char('E') || script.at(i - 1) == QLatin1Char('e'))
                && (i < 2 || !isIdentifierChar(script.at(i - 2)));
            ++i;
            while (i < n) {
                const QChar d = script.at(i);
                if (d == QLatin1Char('\n'))
                    ++line;
                if (backslashes && d == QLatin1Char('\\')) {
                    if (i + 1 < n && script.at(i + 1) == QLatin1Char('\n'))
                        ++line; // an escaped line break still ends a line
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
        } else if (c == QLatin1Char('$') && (i == 0 || !isIdentifierChar(script.at(i - 1)))) {
            // $tag$: a tag is an identifier (no leading digit); $1 is a parameter.
            int j = i + 1;
            if (j < n && !script.at(j).isDigit()) {
                while (j < n && isIdentifierChar(script.at(j)))
                    ++j;
            }
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
