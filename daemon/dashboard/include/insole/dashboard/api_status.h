// The daemon's state as the local API and the dashboard report it (api/status.h), built from a
// status snapshot (run/run_status.h) and the devices seen in the run. Pure: the clocks are
// arguments.
#ifndef INSOLE_DASHBOARD_API_STATUS_H_
#define INSOLE_DASHBOARD_API_STATUS_H_

#include <chrono>
#include <cstdint>
#include <map>
#include <string>

#include "insole/api/status.h"
#include "insole/run/run_status.h"

namespace insole::dashboard {

struct ApiIdentity {
  std::string version;
  std::int64_t pid = 0;
  std::chrono::steady_clock::time_point started;
  std::string database;
  bool one_run = false;  // a device that left is "gone"; in service mode it is "reconnecting"
};

// A device that passed its handshake in the current run, by serial number.
struct SeenDevice {
  std::string uri;
  std::string firmware_version;
};

struct ApiClocks {
  std::chrono::steady_clock::time_point steady;
  std::chrono::system_clock::time_point wall;
};

// Devices: every open session (link counters of this connection), then every device of the
// run that has no open session (counters over the whole run).
api::Status api_status(const run::DaemonStatus& daemon,
                       const std::map<std::string, SeenDevice>& seen, const ApiIdentity& identity,
                       ApiClocks now);

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_API_STATUS_H_
