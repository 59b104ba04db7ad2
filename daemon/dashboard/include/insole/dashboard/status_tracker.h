// The daemon's status as the local API and the web dashboard report it (api/status.h): a
// RunListener that remembers the devices of the current run (URI, firmware) so one that left
// is still reported, as gone or reconnecting; snapshot() is built on the loop's thread from
// the hub's status() when asked.
#ifndef INSOLE_DASHBOARD_STATUS_TRACKER_H_
#define INSOLE_DASHBOARD_STATUS_TRACKER_H_

#include <map>
#include <string>

#include "insole/dashboard/api_status.h"
#include "insole/run/run_listener.h"

namespace insole::dashboard {

class StatusTracker : public run::RunListener {
 public:
  // Registers itself with the hub; identity.one_run: a device that left is "gone".
  StatusTracker(run::RunHub& hub, ApiIdentity identity);
  api::Status snapshot() const;

  void on_run_started(std::int64_t run_id) override;
  void on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) override;

 private:
  run::RunHub& hub_;
  ApiIdentity identity_;
  std::map<std::string, SeenDevice> seen_;  // by serial number, in the current run
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_STATUS_TRACKER_H_
