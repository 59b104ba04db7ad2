// When the insole records a run by itself: no host has sent a command for kHostQuietUs (or none
// ever has), nothing is streaming, and the foot is loaded. Watch scans at kWatchRateHz measure
// the load; kLoadedScans loaded scans in a row start a recording, and kUnloadedStopUs without a
// loaded scan end it. Pure policy: the Device feeds it totals and times and follows its answers.
#ifndef INSOLE_FW_RECORDING_TRIGGER_H_
#define INSOLE_FW_RECORDING_TRIGGER_H_

#include <stdint.h>

namespace insole::fw {

class RecordingTrigger {
 public:
  static constexpr uint32_t kWatchRateHz = 10;
  static constexpr uint32_t kLoadedTotalCounts = 200;  // 20 N at 0.1 N/count: a foot, not noise
  static constexpr uint32_t kLoadedScans = 2;
  static constexpr uint64_t kUnloadedStopUs = 10000000;  // 10 s standing off the insole
  static constexpr uint64_t kHostQuietUs = 3000000;

  // A valid command from the host arrived.
  void host_command(uint64_t now_us) {
    host_seen_ = true;
    last_command_us_ = now_us;
  }
  bool host_quiet(uint64_t now_us) const {
    return !host_seen_ || now_us - last_command_us_ >= kHostQuietUs;
  }
  // A watch scan (not recording): true when a recording should start now.
  bool watch(uint64_t total_counts) {
    loaded_scans_ = total_counts >= kLoadedTotalCounts ? loaded_scans_ + 1 : 0;
    return loaded_scans_ >= kLoadedScans;
  }
  // A scan while recording: true when the recording should end now.
  bool recording(uint64_t total_counts, uint64_t now_us) {
    if (total_counts >= kLoadedTotalCounts || !loaded_seen_) {
      loaded_seen_ = true;
      last_loaded_us_ = now_us;
    }
    return now_us - last_loaded_us_ >= kUnloadedStopUs;
  }
  void reset() {
    loaded_scans_ = 0;
    loaded_seen_ = false;
  }

 private:
  bool host_seen_ = false;
  uint64_t last_command_us_ = 0;
  uint32_t loaded_scans_ = 0;
  bool loaded_seen_ = false;
  uint64_t last_loaded_us_ = 0;
};

}  // namespace insole::fw

#endif  // INSOLE_FW_RECORDING_TRIGGER_H_
