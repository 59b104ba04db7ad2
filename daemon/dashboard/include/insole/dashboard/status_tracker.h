// The daemon's status as the local API and the web dashboard report it (api/status.h): a
// RunListener that remembers the devices of the current run (URI, firmware) so one that left
// is still reported, as gone or reconnecting; snapshot() is built on the loop's thread from
// the hub's status() when asked. With the daemon's database it also states the shoe the run
// counts towards, its distance and wear verdict (read again when the run's shoe changes, and
// every kShoeRefresh: the wear model reads every run of the shoe).
#ifndef INSOLE_DASHBOARD_STATUS_TRACKER_H_
#define INSOLE_DASHBOARD_STATUS_TRACKER_H_

#include <chrono>
#include <map>
#include <optional>
#include <string>

#include "insole/dashboard/api_status.h"
#include "insole/run/run_listener.h"
#include "insole/store/sqlite.h"

namespace insole::dashboard {

class StatusTracker : public run::RunListener {
 public:
  // Registers itself with the hub; identity.one_run: a device that left is "gone".
  // db: the daemon's connection, for the run's shoe (null: no shoe is reported).
  StatusTracker(run::RunHub& hub, ApiIdentity identity, store::Connection* db = nullptr);
  api::Status snapshot() const;

  static constexpr std::chrono::seconds kShoeRefresh{30};

  void on_run_started(std::int64_t run_id) override;
  void on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) override;

 private:
  run::RunHub& hub_;
  ApiIdentity identity_;
  std::map<std::string, SeenDevice> seen_;  // by serial number, in the current run
  std::optional<api::ShoeLive> shoe_of(std::int64_t run_id) const;
  store::Connection* db_;
  // The last answer of shoe_of(): for which run and shoe, and when.
  mutable std::int64_t shoe_run_ = 0;
  mutable std::int64_t shoe_id_ = -1;
  mutable std::chrono::steady_clock::time_point shoe_read_{};
  mutable std::optional<api::ShoeLive> shoe_;
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_STATUS_TRACKER_H_
