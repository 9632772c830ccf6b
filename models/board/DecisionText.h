#pragma once

#include <QJsonValue>
#include <QString>

// How a task's decision trail (DecisionLog: JSON written by people, rules and models) reads for a
// person: pure text, so the Tasks panel and the CLI say it the same way.
namespace DecisionText {

// One line: the action, a status change as "From → To", then the reason, or else the other
// plain fields (ids left out: they mean nothing to a person); at most 160 characters.
QString summary(const QJsonValue& decision);
// The whole value, indented, for a tooltip.
QString pretty(const QJsonValue& value);
// A model call as "provider · model · N tokens · N ms" (the parts it has).
QString modelCall(const QJsonValue& llmCall);

} // namespace DecisionText
