#pragma once

#include <QStringList>

// astralis-cli staff add|disable|list
namespace StaffCommand {

int run(const QStringList& args);
QString usage();

} // namespace StaffCommand
