#include "status_tracker.h"

#include <unistd.h>

#ifndef INSOLE_VERSION
#define INSOLE_VERSION "unknown"
#endif

namespace insole::app {

StatusTracker::StatusTracker(Daemon& daemon, bool one_run) : daemon_(daemon) {
  identity_.version = INSOLE_VERSION;
  identity_.pid = ::getpid();
  identity_.started = std::chrono::steady_clock::now();
  identity_.database = daemon.config().database;
  identity_.one_run = one_run;
  daemon_.add_listener(this);
}

api::Status StatusTracker::snapshot() const {
  return api_status(daemon_.status(), seen_, identity_,
                    {std::chrono::steady_clock::now(), std::chrono::system_clock::now()});
}

void StatusTracker::on_run_started(std::int64_t) { seen_.clear(); }

void StatusTracker::on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) {
  seen_[info.serial_number()] = {uri, info.firmware_version()};
}

}  // namespace insole::app
