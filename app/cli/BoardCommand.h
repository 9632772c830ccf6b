#pragma once

#include <QStringList>

// astralis-cli board list|move and item show|edit: the console's boards, scriptable, through
// the BoardService the console uses (cache then server, changes through the outbox).
namespace BoardCommand {

int runBoard(const QStringList& args);
int runItem(const QStringList& args);
QString boardUsage();
QString itemUsage();

} // namespace BoardCommand
