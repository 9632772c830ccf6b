#include "DecisionText.h"

#include "TaskStatusFlow.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace {

// The translations were made when the Tasks panel said these.
struct Text
{
    Q_DECLARE_TR_FUNCTIONS(TaskPanel)
};

constexpr int kSummaryLength = 160;

QString elided(const QString& text)
{
    const QString line = text.simplified();
    return line.size() > kSummaryLength ? QString(line.left(kSummaryLength - 1) + QChar(0x2026)) : line;
}

QString scalarText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double number = value.toDouble();
        return number == qint64(number) ? QString::number(qint64(number)) : QString::number(number);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("—");
}

QString statusText(const QJsonValue& value)
{
    const auto status = TaskStatusFlow::fromDatabase(value.toString());
    return status ? TaskStatusFlow::displayName(*status) : scalarText(value);
}

} // namespace

namespace DecisionText {

// One line for a decision: its action, a status change as "From → To", then its reason, or
// else its other plain fields (ids left out: they mean nothing to a person).
QString summary(const QJsonValue& decision)
{
    if (!decision.isObject())
        return elided(scalarText(decision));
    const QJsonObject object = decision.toObject();
    QStringList parts;
    const QString action = object.value(QStringLiteral("action")).toString();
    if (!action.isEmpty())
        parts << action;
    if (object.contains(QStringLiteral("from")) || object.contains(QStringLiteral("to")))
        parts << QString(statusText(object.value(QStringLiteral("from"))) + QStringLiteral(" → ")
                         + statusText(object.value(QStringLiteral("to"))));
    QString reason;
    for (const char* key : {"reason", "summary", "message", "explanation"}) {
        reason = object.value(QLatin1String(key)).toString().trimmed();
        if (!reason.isEmpty())
            break;
    }
    if (!reason.isEmpty()) {
        parts << reason;
    } else {
        for (auto it = object.constBegin(); it != object.constEnd(); ++it) {
            const QString key = it.key();
            if (key == QLatin1String("action") || key == QLatin1String("from") || key == QLatin1String("to")
                || key.endsWith(QLatin1String("Id")) || it.value().isObject() || it.value().isArray())
                continue;
            parts << QString(key + QStringLiteral(": ") + scalarText(it.value()));
        }
    }
    return elided(parts.isEmpty() ? scalarText(decision) : parts.join(QStringLiteral(" · ")));
}

QString pretty(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented)).trimmed();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Indented)).trimmed();
    return scalarText(value);
}

QString modelCall(const QJsonValue& llmCall)
{
    const QJsonObject call = llmCall.toObject();
    QStringList parts;
    for (const char* key : {"provider", "model"}) {
        const QString text = call.value(QLatin1String(key)).toString();
        if (!text.isEmpty())
            parts << text;
    }
    const int tokens = call.value(QStringLiteral("promptTokens")).toInt()
        + call.value(QStringLiteral("completionTokens")).toInt();
    if (tokens > 0)
        parts << Text::tr("%1 tokens").arg(tokens);
    if (call.value(QStringLiteral("latencyMs")).isDouble())
        parts << Text::tr("%1 ms").arg(call.value(QStringLiteral("latencyMs")).toInt());
    return parts.join(QStringLiteral(" · "));
}

} // namespace DecisionText
