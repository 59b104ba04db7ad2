// Turns the frames of the sessions of one run into analysed, stored steps.
//
// The first device to finish its handshake opens the run; every other device joins it (left
// and right insoles of one owner share a run). Both feet feed one GaitAnalyzer, so steps carry
// strike, flat landing, pronation and flight time, and the summary can compare the feet.
// Time: each device's µs clock is placed on the host clock by a ClockMapping (the lower envelope
// of host-minus-device offsets, drift included; session/clock_mapping.h), settled after its
// first 50 frames; the offset at that moment is stored for re-analysis. Every frame is also
// archived losslessly in one-second blocks (archive/frame_block.h) so the run can be re-analysed
// later. Steps and blocks are buffered and written by flush_steps() in one transaction; when the
// database refuses a write they stay buffered (bounded) and the error is reported.
#ifndef INSOLE_DAEMON_APP_RUN_RECORDER_H_
#define INSOLE_DAEMON_APP_RUN_RECORDER_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/archive/frame_block.h"
#include "insole/session/clock_mapping.h"
#include "insole/session/device_session.h"
#include "insole/store/records.h"
#include "insole/store/run_writer.h"
#include "insole/store/sqlite.h"

namespace insole::app {

class RunRecorder {
 public:
  static constexpr std::size_t kMaxBufferedSteps = 100000;
  static constexpr std::size_t kMaxBufferedBlocks = 3600;  // an hour of one-second blocks

  RunRecorder(store::Connection& db, std::uint32_t sample_rate_hz);

  // Registers a device whose handshake succeeded; returns its slot for frame(). A serial number
  // the run already has (the insole reconnected) gets its existing slot back: same run device,
  // link counters continued, the clock re-estimated if the device restarted. Throws
  // std::runtime_error when its sensel grid is unknown to this build.
  int add_device(const insole::v1::DeviceInfo& info);
  // The slot of a serial number already in the run, if any.
  std::optional<int> slot_of(const std::string& serial_number) const;
  // The sequence number of the last frame recorded for a slot (nullopt before the first), from
  // which a reconnecting session can resume.
  std::optional<std::uint32_t> last_sequence(int slot) const;
  // Returns the step this frame completed, if any (already queued for the next flush).
  std::optional<store::StepRecord> frame(int slot, const session::SensorFrame& frame,
                                         std::chrono::steady_clock::time_point received);
  // The run time (seconds since the run began) frame() gave its last frame; nullopt when that
  // device's clock mapping had not settled yet.
  std::optional<double> last_run_time_s() const { return last_run_time_s_; }
  // Writes buffered steps / one device's link counters (stats are those of its current session;
  // earlier sessions of a reconnected device are added); false (data kept) on a database error,
  // whose text is in last_error().
  bool flush_steps();
  bool flush(int slot, const session::LinkStats& stats);
  // Closes the run: archives partial blocks, writes everything, sets the status.
  void finish(const std::string& status);

  std::optional<std::int64_t> run_id() const { return run_id_; }
  std::uint64_t steps(char side) const;
  const std::string& last_error() const { return last_error_; }
  std::size_t buffered_steps() const { return pending_.size(); }
  std::size_t buffered_blocks() const { return pending_blocks_.size(); }
  std::uint64_t dropped_blocks() const { return dropped_blocks_; }
  const analysis::GaitAnalyzer& analyzer() const { return analyzer_; }
  // For the local API: when the run began (its time axis starts here), and each device of the
  // run with its link counters over all its sessions as of the last flush().
  std::chrono::steady_clock::time_point run_start() const { return run_start_; }
  struct DeviceTotals {
    std::string serial_number;
    char side = '?';
    session::LinkStats link;
  };
  std::vector<DeviceTotals> device_totals() const;

 private:
  std::optional<double> last_run_time_s_;
  struct Device {
    std::int64_t id = 0;
    std::string serial_number;
    char side = 'L';
    bool clock_stored = false;
    session::ClockMapping clock;  // device µs -> host steady µs, drift included
    std::optional<std::uint32_t> last_sequence;
    std::uint64_t last_device_time_us = 0;
    session::LinkStats earlier_sessions;  // counters of sessions that have ended
    session::LinkStats current_session;
    double newtons_per_count = 0;
    archive::FrameBlock block;  // frames not yet archived
  };
  void seal_block(Device& d);

  store::RunWriter writer_;
  std::uint32_t sample_rate_hz_;
  std::optional<std::int64_t> run_id_;
  std::chrono::steady_clock::time_point run_start_;
  analysis::GaitAnalyzer analyzer_;
  std::vector<Device> devices_;
  std::vector<store::StepRecord> pending_;
  std::vector<store::FrameBlockRecord> pending_blocks_;
  std::uint64_t dropped_blocks_ = 0;
  std::uint64_t steps_left_ = 0;
  std::uint64_t steps_right_ = 0;
  std::string last_error_;
};

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_RUN_RECORDER_H_
