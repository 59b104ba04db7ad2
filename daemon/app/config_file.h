// Reads insoled's configuration file from disk (the I/O edge of config.h).
#ifndef INSOLE_DAEMON_APP_CONFIG_FILE_H_
#define INSOLE_DAEMON_APP_CONFIG_FILE_H_

#include <string>

#include "config.h"

namespace insole::app {

// Reads and parses path. A file that does not exist gives the defaults when it is only the
// default location (required == false) and an error when it was asked for; an unreadable or
// invalid file is always an error naming the file (and line).
ConfigParse load_config_file(const std::string& path, bool required);

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_CONFIG_FILE_H_
