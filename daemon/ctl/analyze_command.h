// insolectl analyze: offline gait analysis of a recording (docs/cli.md).
#ifndef INSOLE_DAEMON_CTL_ANALYZE_COMMAND_H_
#define INSOLE_DAEMON_CTL_ANALYZE_COMMAND_H_

#include <string>
#include <vector>

namespace insole::ctl {

// args: everything after "analyze". Returns the exit status; writes results to stdout only
// when the whole input was read and analysed (no partial output on bad input).
int run_analyze(const std::vector<std::string>& args);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_ANALYZE_COMMAND_H_
