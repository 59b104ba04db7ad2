// Paces sensel scans at a fixed rate without drift: the n-th scan after a (re)start is due at
// start + n * 1e6 / rate µs, computed exactly, so rounding never accumulates. When the caller
// falls more than one period behind, missed slots are skipped (and counted), never bunched up:
// a real matrix can only be scanned now. A board whose matrix can be sampled at any past time
// (the host build's simulated foot) sets catch_up_slots > 0 instead: then up to that many late
// slots are served one per due() call, each at its own scheduled time (slot_us()), and only
// older ones are skipped, so a briefly descheduled process still delivers every frame.
#ifndef INSOLE_FW_SCAN_SCHEDULER_H_
#define INSOLE_FW_SCAN_SCHEDULER_H_

#include <stdint.h>

namespace insole::fw {

class ScanScheduler {
 public:
  // Starts a new schedule at rate_hz (> 0) with the first scan due at start_us.
  void start(uint32_t rate_hz, uint64_t start_us);

  // True when a scan is due at now_us; advances the schedule by one slot.
  bool due(uint64_t now_us);
  // Scheduled time of the slot due() last granted.
  uint64_t slot_us() const { return granted_us_; }
  void set_catch_up_slots(uint32_t slots) { catch_up_ = slots; }

  uint64_t next_due_us() const { return next_due_us_; }
  uint32_t rate_hz() const { return rate_hz_; }
  uint32_t skipped_slots() const { return skipped_; }

 private:
  uint64_t slot_time(uint64_t n) const { return start_us_ + n * 1000000u / rate_hz_; }

  uint32_t rate_hz_ = 1;
  uint64_t start_us_ = 0;
  uint64_t slot_ = 0;
  uint64_t next_due_us_ = 0;
  uint64_t granted_us_ = 0;
  uint32_t skipped_ = 0;
  uint32_t catch_up_ = 0;
};

}  // namespace insole::fw

#endif  // INSOLE_FW_SCAN_SCHEDULER_H_
