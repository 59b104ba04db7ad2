// insolectl doctor: whether this user can use insole here, one line per check with what to fix
// (docs/cli.md#doctor). Checks, in order: the service (a local API socket that answers, with
// the caller's rights), the database insolectl would open (found, readable, how many runs), and
// the insoles (those insoled has, else those on this machine's USB and serial ports, and whether
// the caller could open them to run insoled by hand). Every line starts with "ok", "fix" or
// "note"; exit status 0 when nothing needs fixing, 1 otherwise, 2 for bad arguments.
#ifndef INSOLE_DAEMON_CTL_DOCTOR_COMMAND_H_
#define INSOLE_DAEMON_CTL_DOCTOR_COMMAND_H_

#include <string>
#include <vector>

namespace insole::ctl {

// db_path: --db or $INSOLE_DB when given (empty: the default choice, paths.h).
int run_doctor(const std::string& db_path, const std::vector<std::string>& args);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_DOCTOR_COMMAND_H_
