#include "OutboxEntry.h"

QString OutboxEntry::opName(Op op)
{
    switch (op) {
    case Op::Create:
        return QStringLiteral("create");
    case Op::Update:
        return QStringLiteral("update");
    case Op::Delete:
        return QStringLiteral("delete");
    case Op::Restore:
        return QStringLiteral("restore");
    }
    return QStringLiteral("update");
}

OutboxEntry::Op OutboxEntry::opFromName(const QString& name)
{
    if (name == QLatin1String("create"))
        return Op::Create;
    if (name == QLatin1String("delete"))
        return Op::Delete;
    if (name == QLatin1String("restore"))
        return Op::Restore;
    return Op::Update;
}

QString OutboxEntry::stateName(State state)
{
    switch (state) {
    case State::Pending:
        return QStringLiteral("pending");
    case State::Conflict:
        return QStringLiteral("conflict");
    case State::Rejected:
        return QStringLiteral("rejected");
    }
    return QStringLiteral("pending");
}

OutboxEntry::State OutboxEntry::stateFromName(const QString& name)
{
    if (name == QLatin1String("conflict"))
        return State::Conflict;
    if (name == QLatin1String("rejected"))
        return State::Rejected;
    return State::Pending;
}
