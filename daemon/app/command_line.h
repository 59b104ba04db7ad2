// insoled's command line (docs/cli.md, docs/service.md), parsed without I/O.
//
// Two modes:
//  - one run (today's recorder): --duration S, or --device URIs without --config/--service.
//    The default configuration file is not read; the run ends at --duration, on SIGINT/SIGTERM
//    or when every device has gone, and insoled exits.
//  - service: otherwise. The configuration file (--config, else /etc/insole/insoled.conf if it
//    exists) is read and the flags given override its values; insoled runs until SIGTERM.
#ifndef INSOLE_DAEMON_APP_COMMAND_LINE_H_
#define INSOLE_DAEMON_APP_COMMAND_LINE_H_

#include <optional>
#include <string>
#include <vector>

#include "config.h"
#include "insole/log/log.h"

namespace insole::app {

struct CommandLine {
  std::optional<std::string> config_path;
  std::optional<std::string> database;
  std::vector<std::string> devices;  // when given, they replace the file's devices
  std::optional<unsigned> rate_hz;
  std::optional<unsigned> recording_rate_hz;
  std::optional<double> duration_s;
  std::optional<double> db_max_mb;
  std::optional<log::Style> log_style;
  std::optional<std::string> api_socket;  // "" (from "none"): no Unix socket
  std::optional<std::string> api_tcp;     // a loopback HOST:PORT, checked by the parser
  std::optional<std::string> web;         // "" (from "none"): no dashboard
  std::optional<std::string> web_token;
  std::optional<std::string> web_assets;
  std::optional<std::string> capture_dir;
  bool verbose = false;
  bool service = false;
  bool help = false;     // -h / --help: print the usage and exit 0, nothing else
  bool version = false;  // --version: print "insoled VERSION" and exit 0

  bool one_run() const {
    return duration_s.has_value() || (!devices.empty() && !config_path && !service);
  }
};

struct CommandLineParse {
  std::optional<CommandLine> command_line;
  std::string error;  // a sentence for "insoled: ERROR" followed by the usage
};

CommandLineParse parse_command_line(int argc, const char* const* argv);

// The usage text printed after a command-line error (on stderr) and for --help (on stdout).
const char* usage_text();

// The configuration of a one-run daemon: only what the flags say (--db and --device required;
// nullopt and an error otherwise).
ConfigParse one_run_config(const CommandLine& command_line);

// The flags given override the values read from the file.
Config apply_flags(const CommandLine& command_line, Config config);

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_COMMAND_LINE_H_
