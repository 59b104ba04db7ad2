#include "insole/dashboard/status_tracker.h"

#include "insole/log/log.h"
#include "insole/reports/shoe_wear.h"
#include "insole/store/run_reader.h"
#include "insole/wear/wear_model.h"

namespace insole::dashboard {

StatusTracker::StatusTracker(run::RunHub& hub, ApiIdentity identity, store::Connection* db)
    : hub_(hub), identity_(std::move(identity)), db_(db) {
  hub_.add_listener(this);
}

api::Status StatusTracker::snapshot() const {
  api::Status s = api_status(hub_.status(), seen_, identity_,
                             {std::chrono::steady_clock::now(), std::chrono::system_clock::now()});
  if (s.run) s.run->shoe = shoe_of(s.run->id);
  return s;
}

std::optional<api::ShoeLive> StatusTracker::shoe_of(std::int64_t run_id) const {
  if (!db_) return std::nullopt;
  try {
    const auto run = store::RunReader(*db_).run(run_id);
    const std::int64_t shoe_id = run ? run->shoe_id : 0;
    const auto now = std::chrono::steady_clock::now();
    if (run_id == shoe_run_ && shoe_id == shoe_id_ && now - shoe_read_ < kShoeRefresh) {
      return shoe_;
    }
    shoe_run_ = run_id;
    shoe_id_ = shoe_id;
    shoe_read_ = now;
    shoe_.reset();
    if (const auto shoe = reports::run_shoe(*db_, shoe_id)) {
      shoe_ = api::ShoeLive{
          shoe->shoe.id, shoe->shoe.brand + " " + shoe->shoe.model, shoe->wear.distance_km,
          std::string(wear::name(shoe->wear.assessment.verdict)), shoe->wear.message};
    }
  } catch (const std::exception& e) {
    log::warning(std::string("status: the run's shoe could not be read: ") + e.what());
  }
  return shoe_;
}

void StatusTracker::on_run_started(std::int64_t) { seen_.clear(); }

void StatusTracker::on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) {
  seen_[info.serial_number()] = {uri, info.firmware_version()};
}

}  // namespace insole::dashboard
