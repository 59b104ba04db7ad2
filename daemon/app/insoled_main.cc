// insoled: the insole daemon. Finds insoles, records runs into SQLite.
//
//   insoled --db FILE --device URI [--device URI] [--rate HZ] [--duration S] [--verbose]
//       one run: every device that completes its handshake joins it; it ends after --duration
//       seconds of recording, on SIGINT/SIGTERM, or when every device has gone.
//   insoled [--config FILE] [--service] [flags]
//       the service (docs/service.md): runs until SIGTERM, watches for insoles, a run per
//       outing; SIGHUP reloads the configuration file.
// Exit status: 0 run recorded / service stopped, 1 no usable device (one run) or database
// error, 2 bad arguments or configuration.
#include <malloc.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "command_line.h"
#include "config_file.h"
#include "daemon.h"
#include "insole/dashboard/status_tracker.h"
#include "insole/dashboard/web_dashboard.h"
#include "insole/log/log.h"
#include "insole/paths/install_paths.h"
#include "insole/store/schema.h"
#include "local_api.h"

namespace {

using namespace insole::app;
using insole::dashboard::StatusTracker;
using insole::dashboard::WebDashboard;
namespace log = insole::log;

int usage(const std::string& message) {
  std::fprintf(stderr, "insoled: %s\n%s", message.c_str(), usage_text());
  return 2;
}

// A station's name when the configuration gives none (station = ...).
std::string host_name() {
  char name[256] = {};
  if (::gethostname(name, sizeof name - 1) != 0 || name[0] == '\0') return "station";
  return name;
}

}  // namespace

int main(int argc, char** argv) {
  // Frames of an import at full speed allocate and free archive blocks by the hundred a second;
  // glibc's default would hand the heap's top back to the kernel after each batch (a brk and a
  // TLB flush each time: 5-8 % of the CPU of an import). A few MiB kept costs nothing.
  mallopt(M_TRIM_THRESHOLD, 8 << 20);
  const CommandLineParse args = parse_command_line(argc, argv);
  if (!args.command_line) return usage(args.error);
  const CommandLine& flags = *args.command_line;
  if (flags.help) {
    std::fputs(usage_text(), stdout);
    return 0;
  }
  if (flags.version) {
    std::printf("insoled %s\n", insole::paths::kVersion);
    return 0;
  }
  log::set_style(flags.log_style.value_or(log::style_from_environment()));

  // The configuration: the flags alone for a one-run recorder without --config; otherwise the
  // file (the default one may be absent) with the flags on top. Read again on SIGHUP.
  const std::string config_path = flags.config_path.value_or(kDefaultConfigPath);
  const bool from_flags_only = flags.one_run() && !flags.config_path;
  auto load = [&]() -> ConfigParse {
    if (from_flags_only) return one_run_config(flags);
    ConfigParse parsed = load_config_file(config_path, flags.config_path.has_value());
    if (parsed.config) parsed.config = apply_flags(flags, std::move(*parsed.config));
    if (parsed.config) {
      if (const std::string problem = config_problem(*parsed.config); !problem.empty()) {
        return ConfigParse{std::nullopt, config_path + ": " + problem};
      }
    }
    return parsed;
  };
  ConfigParse initial = load();
  if (!initial.config) {
    if (from_flags_only) return usage(initial.error);
    log::error(initial.error);
    return 2;
  }
  Config config = std::move(*initial.config);
  log::set_max_level(config.log_level);

  std::unique_ptr<insole::store::Connection> db;
  try {
    db = insole::store::open_for_writing(config.database);
    // A cap makes the database behave like a full disk at that size (SQLITE_FULL): writes fail,
    // data waits in memory, nothing written is damaged.
    if (config.db_max_mb > 0) insole::store::limit_size(*db, config.db_max_mb * 1024 * 1024);
  } catch (const std::exception& e) {
    log::error(e.what());
    return 1;
  }
  RunMode mode;
  mode.one_run = flags.one_run();
  mode.duration_s = flags.duration_s.value_or(0);
  boost::asio::io_context io;
  Daemon daemon(io, *db, std::move(config), mode, load);
  // Before any device, so the status and the dashboard see all of them.
  StatusTracker status(daemon,
                       {insole::paths::kVersion, ::getpid(), std::chrono::steady_clock::now(),
                        daemon.config().database, mode.one_run},
                       db.get());
  std::unique_ptr<LocalApi> local_api;  // docs/api.md
  std::unique_ptr<WebDashboard> web;    // docs/web.md
  try {
    local_api = start_local_api(daemon, status, flags.api_tcp);
    const Config& c = daemon.config();
    insole::dashboard::DashboardConfig dashboard{c.web,
                                                 c.web_token,
                                                 c.web_assets,
                                                 c.database,
                                                 c.shared_database,
                                                 {c.station, c.store},
                                                 c.retention_days,
                                                 c.sync_interval_s};
    if (dashboard.station.station.empty()) dashboard.station.station = host_name();
    web = insole::dashboard::start_web_dashboard(io, daemon, *db, status, dashboard);
  } catch (const std::exception& e) {
    log::error(e.what());
    return 1;
  }
  if (!mode.one_run) log::info("service started; database " + daemon.config().database);
  return daemon.run();
}
