#include "insole/dashboard/status_tracker.h"

namespace insole::dashboard {

StatusTracker::StatusTracker(run::RunHub& hub, ApiIdentity identity)
    : hub_(hub), identity_(std::move(identity)) {
  hub_.add_listener(this);
}

api::Status StatusTracker::snapshot() const {
  return api_status(hub_.status(), seen_, identity_,
                    {std::chrono::steady_clock::now(), std::chrono::system_clock::now()});
}

void StatusTracker::on_run_started(std::int64_t) { seen_.clear(); }

void StatusTracker::on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) {
  seen_[info.serial_number()] = {uri, info.firmware_version()};
}

}  // namespace insole::dashboard
