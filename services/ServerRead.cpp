#include "ServerRead.h"

#include <QCoreApplication>

namespace {

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ServerRead)
};

} // namespace

namespace ServerRead {

QString unreachable()
{
    return Text::tr("the server is not reachable");
}

QString failure(const DbResult& result)
{
    return result.error.isEmpty() ? unreachable() : result.error;
}

} // namespace ServerRead
