#include "doctor_command.h"

#include <glob.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>

#include "insole/api/api_client.h"
#include "insole/link/usb_hotplug.h"
#include "insole/paths/paths.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"

namespace insole::ctl {
namespace {

using namespace std::chrono_literals;

const std::string kJoinGroup = std::string("add yourself to group ") + paths::kGroup +
                               " (sudo adduser $USER " + paths::kGroup + ", then log in again)";

struct Report {
  int fixes = 0;
  void ok(const std::string& text) { std::printf("ok    %s\n", text.c_str()); }
  void note(const std::string& text) { std::printf("note  %s\n", text.c_str()); }
  void fix(const std::string& text) {
    ++fixes;
    std::printf("fix   %s\n", text.c_str());
  }
};

// errno of stat(path): 0 when it exists, ENOENT, EACCES (a directory on the way is closed), ...
int stat_errno(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? 0 : errno;
}

// The service: the first socket that exists must answer a status request.
std::optional<nlohmann::json> check_service(Report& report, const paths::Environment& env) {
  for (const std::string& socket : paths::client_sockets(env)) {
    if (stat_errno(socket) == EACCES) {
      report.fix("insoled's socket " + socket + " is closed to you: " + kJoinGroup);
      return std::nullopt;
    }
  }
  try {
    api::ApiClient client(paths::client_sockets(env));
    client.send(R"({"get":"status"})");
    nlohmann::json status = client.read_object(3s);
    std::size_t streaming = 0;
    for (const auto& d : status["devices"]) streaming += d.value("state", "") == "streaming";
    const auto& run = status["run"];
    report.ok("insoled " + status["daemon"].value("version", "?") + " answers on " + client.path() +
              ": " + std::to_string(streaming) + " insole(s) streaming" +
              (run.is_object() ? ", recording run " + std::to_string(run.value("id", 0)) : ""));
    return status;
  } catch (const api::NotRunning& e) {
    report.fix(std::string(e.what()) +
               ": start it with `sudo systemctl enable --now insoled` (or `systemctl --user "
               "enable --now insoled` for your own)");
  } catch (const std::exception& e) {
    const std::string why = e.what();
    report.fix(why + (why.find("denied") != std::string::npos ? ": " + kJoinGroup : ""));
  }
  return std::nullopt;
}

void check_database(Report& report, const paths::Environment& env, std::string path) {
  if (path.empty()) {
    const auto choice =
        paths::client_database(env, [](const std::string& p) { return stat_errno(p) == 0; });
    path = choice.path;
    if (stat_errno(path) != 0) {
      const bool closed = stat_errno(paths::kSystemDatabase) == EACCES;
      if (closed) {
        report.fix(std::string("the service's database ") + paths::kSystemDatabase +
                   " is closed to you: " + kJoinGroup);
      } else {
        report.note("no database yet (looked at " + choice.looked_at.front() +
                    (choice.looked_at.size() > 1 ? " and " + choice.looked_at.back() : "") +
                    "): insoled makes one when it first records");
      }
      return;
    }
  }
  try {
    auto db = store::open_for_reading(path);
    const auto runs = store::RunReader(*db).runs();
    report.ok("database " + path + ": " + std::to_string(runs.size()) + " run(s)");
  } catch (const std::exception& e) {
    const int err = ::access(path.c_str(), R_OK) == 0 ? 0 : errno;
    report.fix(std::string(e.what()) + (err == EACCES ? ": " + kJoinGroup : ""));
  }
}

// Insoles on this machine's USB bus (the default VID:PID) and serial ports (the udev rule's
// /dev/serial/by-id/insole-* names), and whether this user could open them.
void check_local_insoles(Report& report) {
  std::vector<link::UsbDeviceInfo> usb;
  try {
    boost::asio::io_context io;
    link::UsbHotplugWatcher watcher(
        io, {[&](const link::UsbDeviceInfo& d) { usb.push_back(d); }, nullptr});
    io.run_for(300ms);
  } catch (const std::exception& e) {
    report.note(std::string("USB not checked: ") + e.what());
  }
  for (const auto& d : usb) {
    char where[64];
    std::snprintf(where, sizeof(where), "/dev/bus/usb/%03u/%03u", unsigned{d.bus},
                  unsigned{d.address});
    const bool open = ::access(where, R_OK | W_OK) == 0;
    (open ? report.ok(std::string("USB insole ") + d.uri() + " at " + where)
          : report.note(std::string("USB insole at ") + where +
                        " is the service's to open (yours only to run insoled by hand: group "
                        "plugdev)"));
  }
  glob_t matches{};
  if (::glob("/dev/serial/by-id/insole-*", 0, nullptr, &matches) == 0) {
    for (std::size_t i = 0; i < matches.gl_pathc; ++i) {
      const std::string tty = matches.gl_pathv[i];
      (::access(tty.c_str(), R_OK | W_OK) == 0
           ? report.ok("serial insole " + tty)
           : report.note("serial insole " + tty + " is the service's to open"));
    }
  }
  const std::size_t serial = matches.gl_pathc;
  globfree(&matches);
  if (usb.empty() && serial == 0)
    report.note("no insole on this machine's USB or serial ports now: plug one in or switch it on");
}

}  // namespace

int run_doctor(const std::string& db_path, const std::vector<std::string>& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "insolectl doctor: unknown argument %s (doctor takes none)\n",
                 args.front().c_str());
    return 2;
  }
  Report report;
  const paths::Environment env = paths::Environment::current();
  const auto status = check_service(report, env);
  check_database(report, env, db_path);
  if (status && !status->at("devices").empty()) {
    for (const auto& d : status->at("devices"))
      report.ok("insoled has insole " + d.value("serial_number", "?") + " (" +
                d.value("side", "?") + ", " + d.value("state", "?") + ") on " +
                d.value("uri", "?"));
  } else {
    check_local_insoles(report);
  }
  return report.fixes == 0 ? 0 : 1;
}

}  // namespace insole::ctl
