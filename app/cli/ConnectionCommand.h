#pragma once

#include <QStringList>

// astralis-cli connection check|show
namespace ConnectionCommand {

int run(const QStringList& args);

} // namespace ConnectionCommand
