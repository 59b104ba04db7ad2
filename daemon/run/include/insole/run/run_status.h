// Snapshots of what insoled is recording, by value (safe to keep after the loop runs on).
#ifndef INSOLE_RUN_RUN_STATUS_H_
#define INSOLE_RUN_RUN_STATUS_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "insole/analysis/step.h"
#include "insole/session/device_session.h"

namespace insole::run {

// A device of a run with its link counters over all its sessions as of the last flush.
struct DeviceTotals {
  std::string serial_number;
  analysis::Side side = analysis::Side::kLeft;
  session::LinkStats link;
};

struct RunSnapshot {
  // Enough steps for the live window of the status (api::kLiveWindowSteps).
  static constexpr std::size_t kRecentSteps = 64;

  std::int64_t run_id = 0;
  std::chrono::steady_clock::time_point started;  // the run's time axis starts here
  std::uint64_t steps_left = 0;
  std::uint64_t steps_right = 0;
  std::vector<DeviceTotals> devices;
  std::vector<analysis::Step> recent_steps;  // the newest, in completion order
};

// An open device session.
struct DeviceStatus {
  std::string uri;
  std::string serial_number;           // empty until the handshake is done
  std::optional<analysis::Side> side;  // nullopt until the handshake is done
  std::string firmware_version;        // empty until the handshake is done
  bool streaming = false;
  session::LinkStats stats;
  // What the insole can record with no PC (its Status, protocol >= 1.2): the rate, and how long
  // a run its flash holds at that rate when empty and now. nullopt: not said.
  struct RecordingCapacity {
    std::uint32_t rate_hz = 0;
    std::uint32_t capacity_s = 0;
    std::uint32_t free_s = 0;
  };
  std::optional<RecordingCapacity> recording;
};

struct DaemonStatus {
  std::vector<DeviceStatus> devices;
  std::optional<RunSnapshot> run;  // the run being recorded, if any
};

}  // namespace insole::run

#endif  // INSOLE_RUN_RUN_STATUS_H_
