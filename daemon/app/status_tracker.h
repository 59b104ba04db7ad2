// The daemon's status as the local API and the web dashboard report it (api/status.h): a
// DaemonListener that remembers the devices of the current run (URI, firmware) so one that
// left is still reported, as gone or reconnecting; snapshot() is built on the loop's thread
// from Daemon::status() when asked.
#ifndef INSOLE_DAEMON_APP_STATUS_TRACKER_H_
#define INSOLE_DAEMON_APP_STATUS_TRACKER_H_

#include <map>
#include <string>

#include "api_status.h"
#include "daemon.h"
#include "daemon_listener.h"

namespace insole::app {

class StatusTracker : public DaemonListener {
 public:
  // Registers itself with the daemon; one_run: a device that left is "gone".
  StatusTracker(Daemon& daemon, bool one_run);
  api::Status snapshot() const;

  void on_run_started(std::int64_t run_id) override;
  void on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) override;

 private:
  Daemon& daemon_;
  ApiIdentity identity_;
  std::map<std::string, SeenDevice> seen_;  // by serial number, in the current run
};

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_STATUS_TRACKER_H_
