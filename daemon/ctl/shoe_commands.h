// insolectl shoes add|list|show|retire|assign|unassign and set-run (docs/cli.md,
// docs/shoe-wear.md).
#ifndef INSOLE_DAEMON_CTL_SHOE_COMMANDS_H_
#define INSOLE_DAEMON_CTL_SHOE_COMMANDS_H_

#include <string>
#include <vector>

namespace insole::ctl {

// args: what follows "shoes" (subcommand, operands, options). Returns the exit status; throws
// std::invalid_argument for bad arguments (exit 2) and other exceptions for database errors.
int run_shoes(const std::string& db_path, const std::vector<std::string>& args, bool json);
// set-run RUN [--distance-km KM|none] [--mass-kg KG|none]
int run_set_run(const std::string& db_path, const std::vector<std::string>& args, bool json);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_SHOE_COMMANDS_H_
