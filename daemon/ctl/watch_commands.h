// insolectl import-watch: a watch's activity file (FIT, GPX, TCX) attached to an insole run
// (reports/watch_import.h; docs/interop.md).
#ifndef INSOLE_DAEMON_CTL_WATCH_COMMANDS_H_
#define INSOLE_DAEMON_CTL_WATCH_COMMANDS_H_

#include <string>
#include <vector>

namespace insole::ctl {

// args: RUN|last|auto FILE. Returns the exit status; throws std::invalid_argument for bad
// arguments (exit 2) and std::runtime_error for a file or run that cannot be attached (exit 1).
int import_watch(const std::string& db_path, const std::vector<std::string>& args, bool json);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_WATCH_COMMANDS_H_
