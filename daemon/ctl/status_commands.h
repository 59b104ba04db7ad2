// insolectl status and insolectl live: what a running insoled reports through its local API
// (docs/api.md). Exit status: 0 ok, 1 the daemon answered with an error or not at all, 2 bad
// arguments, 3 insoled is not running (no socket, or a stale one).
#ifndef INSOLE_DAEMON_CTL_STATUS_COMMANDS_H_
#define INSOLE_DAEMON_CTL_STATUS_COMMANDS_H_

#include <string>
#include <vector>

namespace insole::ctl {

inline constexpr int kExitNotRunning = 3;

// command: "status" or "live"; args: what follows it.
int run_status_command(const std::string& command, const std::vector<std::string>& args);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_STATUS_COMMANDS_H_
