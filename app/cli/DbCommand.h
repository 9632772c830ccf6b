#pragma once

#include <QStringList>

// astralis-cli db status|deploy|reset|seed|validate
namespace DbCommand {

int run(const QStringList& args);
QString usage();

} // namespace DbCommand
