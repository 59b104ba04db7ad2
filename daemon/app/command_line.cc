#include "command_line.h"

#include <string_view>

#include "insole/api/api_address.h"
#include "insole/api/api_error.h"
#include "insole/link/link.h"
#include "insole/web/web_address.h"

namespace insole::app {

const char* usage_text() {
  return "usage: insoled --db FILE --device URI [--device URI] [--rate HZ] [--duration S]\n"
         "               [--recording-rate HZ] [--db-max-mb MB] [--log-style journal|terminal] "
         "[--verbose]\n"
         "               [--api-socket PATH|none] [--api-tcp 127.0.0.1:PORT]\n"
         "               [--web ADDRESS:PORT|none] [--web-token TOKEN] [--web-assets DIR]\n"
         "               [--capture-dir DIR]\n"
         "       insoled [--config FILE] [--service] [same flags: they override the file]\n"
         "       insoled --help | --version\n"
         "  URI: serial:/dev/ttyACM0 (or a device path), usb:[VID:PID[/SERIAL]],\n"
         "       tcp:HOST:PORT, replay:FILE[?speed=recorded|full|N]\n"
         "Exit status: 0 run recorded or service stopped, 1 no usable insole (one run) or a\n"
         "database error, 2 bad arguments or configuration.\n";
}

CommandLineParse parse_command_line(int argc, const char* const* argv) {
  CommandLine o;
  auto fail = [](std::string message) {
    return CommandLineParse{std::nullopt, std::move(message)};
  };
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help" || a == "--version") {
      CommandLine only;
      (a == "--version" ? only.version : only.help) = true;
      return {only, ""};
    }
  }
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    const bool takes_value = a == "--config" || a == "--db" || a == "--device" || a == "--rate" ||
                             a == "--recording-rate" || a == "--duration" || a == "--db-max-mb" ||
                             a == "--log-style" || a == "--api-socket" || a == "--api-tcp" ||
                             a == "--web" || a == "--web-token" || a == "--web-assets" ||
                             a == "--capture-dir";
    if (takes_value && i + 1 >= argc) return fail("missing value for " + std::string(a));
    const std::string_view v = takes_value ? std::string_view(argv[++i]) : std::string_view{};
    if (a == "--config") {
      o.config_path = std::string(v);
    } else if (a == "--db") {
      o.database = std::string(v);
    } else if (a == "--device") {
      if (const std::string problem = link::device_uri_problem(v); !problem.empty()) {
        return fail(problem);
      }
      o.devices.emplace_back(v);
    } else if (a == "--rate") {
      o.rate_hz = parse_rate_hz(v);
      if (!o.rate_hz) return fail("--rate must be 50..1000 Hz");
    } else if (a == "--recording-rate") {
      o.recording_rate_hz = parse_rate_hz(v);
      if (!o.recording_rate_hz) return fail("--recording-rate must be 50..1000 Hz");
    } else if (a == "--duration") {
      o.duration_s = parse_non_negative(v);
      if (!o.duration_s) return fail("--duration must be seconds >= 0");
    } else if (a == "--db-max-mb") {
      o.db_max_mb = parse_non_negative(v);
      if (!o.db_max_mb || *o.db_max_mb <= 0) return fail("--db-max-mb must be a size in MB > 0");
    } else if (a == "--log-style") {
      if (v == "journal")
        o.log_style = log::Style::kJournal;
      else if (v == "terminal")
        o.log_style = log::Style::kTerminal;
      else
        return fail("--log-style must be journal or terminal");
    } else if (a == "--api-socket") {
      o.api_socket = v == "none" ? std::string() : std::string(v);
    } else if (a == "--api-tcp") {
      try {
        api::parse_loopback_endpoint(v);
      } catch (const api::ApiError& e) {
        return fail(e.what());
      }
      o.api_tcp = std::string(v);
    } else if (a == "--web") {
      if (v != "none" && !web::parse_web_address(v)) {
        return fail("--web must be ADDRESS:PORT (e.g. 127.0.0.1:8421) or none");
      }
      o.web = v == "none" ? std::string() : std::string(v);
    } else if (a == "--web-token") {
      if (v.empty()) return fail("--web-token must not be empty");
      o.web_token = std::string(v);
    } else if (a == "--web-assets") {
      o.web_assets = std::string(v);
    } else if (a == "--capture-dir") {
      if (v.empty()) return fail("--capture-dir must name a directory");
      o.capture_dir = std::string(v);
    } else if (a == "--verbose") {
      o.verbose = true;
    } else if (a == "--service") {
      o.service = true;
    } else if (a == "--foreground") {
      // always in the foreground; systemd supervises
    } else {
      return fail("unknown option " + std::string(a));
    }
  }
  // --duration 0 has always meant "no limit": it stays a one-run recorder.
  return CommandLineParse{o, {}};
}

ConfigParse one_run_config(const CommandLine& command_line) {
  if (!command_line.database) return ConfigParse{std::nullopt, "--db is required"};
  if (command_line.devices.empty())
    return ConfigParse{std::nullopt, "at least one --device is required"};
  Config c;
  c.usb.reset();  // only the devices named on the command line
  Config config = apply_flags(command_line, c);
  if (const std::string problem = config_problem(config); !problem.empty()) {
    return ConfigParse{std::nullopt, problem};
  }
  return ConfigParse{config, {}};
}

Config apply_flags(const CommandLine& command_line, Config config) {
  if (command_line.database) config.database = *command_line.database;
  if (!command_line.devices.empty()) config.devices = command_line.devices;
  if (command_line.rate_hz) config.rate_hz = *command_line.rate_hz;
  if (command_line.recording_rate_hz) config.recording_rate_hz = *command_line.recording_rate_hz;
  if (command_line.db_max_mb) config.db_max_mb = *command_line.db_max_mb;
  if (command_line.api_socket) config.api_socket = *command_line.api_socket;
  if (command_line.web) config.web = *command_line.web;
  if (command_line.web_token) config.web_token = *command_line.web_token;
  if (command_line.web_assets) config.web_assets = *command_line.web_assets;
  if (command_line.capture_dir) config.capture_dir = *command_line.capture_dir;
  if (command_line.verbose) config.log_level = log::Level::kDebug;
  return config;
}

}  // namespace insole::app
