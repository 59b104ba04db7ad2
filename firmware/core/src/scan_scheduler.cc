#include "insole/fw/scan_scheduler.h"

namespace insole::fw {

void ScanScheduler::start(uint32_t rate_hz, uint64_t start_us) {
  rate_hz_ = rate_hz == 0 ? 1 : rate_hz;
  start_us_ = start_us;
  slot_ = 0;
  next_due_us_ = start_us;
}

bool ScanScheduler::due(uint64_t now_us) {
  if (now_us < next_due_us_) return false;
  // slot_ is the slot being granted now (its time has come).
  if (catch_up_ > 0) {
    // Serve late slots one by one, but never more than catch_up_ behind.
    uint64_t newest = slot_;
    while (slot_time(newest + 1) <= now_us) ++newest;
    if (newest - slot_ > catch_up_) {
      skipped_ += static_cast<uint32_t>(newest - catch_up_ - slot_);
      slot_ = newest - catch_up_;
    }
    granted_us_ = slot_time(slot_);
    ++slot_;
    next_due_us_ = slot_time(slot_);
    return true;
  }
  granted_us_ = slot_time(slot_);
  ++slot_;
  // Late by a whole period or more: drop the missed slots rather than scanning in a burst.
  while (slot_time(slot_) <= now_us) {
    ++slot_;
    ++skipped_;
  }
  next_due_us_ = slot_time(slot_);
  return true;
}

}  // namespace insole::fw
