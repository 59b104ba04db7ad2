// Builds one run from the frames of its devices: analysed steps, archived raw frames, link
// counters, all written to the database (the recording pipeline as a library, used live by
// insoled and for runs synced from an insole's flash).
//
// Devices join one by one (left and right insoles of one owner share a run; a run is one pair:
// a second insole on a side the run already has is refused, never mixed into that foot's
// analysis); each brings a
// TimeMapping that places its clock on the run's axis (time_mapping.h), so both feet feed one
// GaitAnalyzer and steps carry strike, flat landing, pronation and flight time. The run is
// begun in the database when the first device is added; the first mapped offset of each device
// is stored for re-analysis. Every frame is archived losslessly in one-second blocks
// (archive/frame_block.h). Steps and blocks are buffered and written by flush_steps() in one
// transaction; when the database refuses a write they stay buffered (bounded) and the error is
// reported through last_error().
#ifndef INSOLE_RUN_RUN_BUILDER_H_
#define INSOLE_RUN_RUN_BUILDER_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/archive/frame_block.h"
#include "insole/run/run_status.h"
#include "insole/run/time_mapping.h"
#include "insole/session/device_session.h"
#include "insole/session/sensor_frame.h"
#include "insole/store/records.h"
#include "insole/store/run_writer.h"
#include "insole/store/sqlite.h"

namespace insole::run {

// add_device() refused an insole because the run already has another insole on its side.
class SideTaken : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class RunBuilder {
 public:
  static constexpr std::size_t kMaxBufferedSteps = 100000;
  static constexpr std::size_t kMaxBufferedBlocks = 3600;  // an hour of one-second blocks
  // frame() writes by itself once this many blocks wait (frames arriving faster than real time:
  // an import, a capture at full speed), so the buffers never fill while the database works.
  static constexpr std::size_t kFlushBlocks = 32;

  // The run's time axis starts at start (host steady clock): when its first device answered.
  RunBuilder(store::Connection& db, std::uint32_t sample_rate_hz,
             std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now());

  // Registers a device whose handshake succeeded; returns its slot for frame(). A serial number
  // the run already has (the insole reconnected) gets its existing slot back: same run device,
  // link counters continued, its time mapping restarted if the device restarted (the mapping
  // given then is dropped). Throws SideTaken when the run has another insole on its side, and
  // std::runtime_error when its sensel grid is unknown to this build or its side is not left
  // or right.
  int add_device(const insole::v1::DeviceInfo& info, std::unique_ptr<TimeMapping> mapping);
  // The slot of a serial number already in the run, if any.
  std::optional<int> slot_of(const std::string& serial_number) const;
  // The sequence number of the last frame recorded for a slot (nullopt before the first), from
  // which a reconnecting session can resume.
  std::optional<std::uint32_t> last_sequence(int slot) const;
  // One frame of a device, received by the host at received_us (steady µs; nullopt for
  // recorded data). Returns the step it completed, if any (already queued for the next flush;
  // frame() flushes by itself when kFlushBlocks blocks wait and the last flush worked).
  // A device clock that went back is the insole restarting: every frame it should have scanned
  // between its last frame and its first after the restart (at the run's rate, once the new
  // clock is placed on the run's axis) is counted lost, with the restart as the reason.
  std::optional<analysis::Step> frame(int slot, const session::SensorFrame& frame,
                                      std::optional<std::int64_t> received_us);
  // The run time (seconds since the run began) frame() gave its last frame; nullopt when that
  // device's time mapping had not settled yet.
  std::optional<double> last_run_time_s() const { return last_run_time_s_; }
  // Writes buffered steps / one device's link counters (stats are those of its current session;
  // earlier sessions of a reconnected device are added); false (data kept) on a database error,
  // whose text is in last_error().
  bool flush_steps();
  bool flush(int slot, const session::LinkStats& stats);
  // Archives every device's partial block now (a shorter block; the next starts with the next
  // frame), so a flush_steps() after it stores every frame received so far: erasing a stretch
  // of the run (run_erase.h) must find all of it in the database.
  void seal_blocks();
  // A stretch of the run was erased (run_erase.h): steps overlapping [from_s, to_s] that are not
  // stored yet, or that the analysis completes later, are never stored.
  void forget_steps(double from_s, double to_s);
  // Closes the run: archives partial blocks, writes everything, sets the status. Throws
  // store::StoreError when the database refuses.
  void finish(const std::string& status);

  std::optional<std::int64_t> run_id() const { return run_id_; }
  std::int64_t run_start_us() const;  // host steady µs of the run's time 0
  std::uint64_t steps(analysis::Side side) const;
  const std::string& last_error() const { return last_error_; }
  std::size_t buffered_steps() const { return pending_.size(); }
  std::size_t buffered_blocks() const { return pending_blocks_.size(); }
  std::uint64_t dropped_blocks() const { return dropped_blocks_; }
  // The run as it stands, by value; nullopt before the first device was added.
  std::optional<RunSnapshot> snapshot() const;

 private:
  struct Device {
    std::int64_t id = 0;
    std::string serial_number;
    analysis::Side side = analysis::Side::kLeft;
    bool clock_stored = false;
    std::unique_ptr<TimeMapping> mapping;
    std::optional<std::uint32_t> last_sequence;
    std::uint64_t last_device_time_us = 0;
    session::LinkStats earlier_sessions;  // counters of sessions that have ended
    session::LinkStats current_session;
    // Restarts of the insole: the run time of its last placed frame, and while a restart's
    // loss is not known yet (the new clock is not placed), the device time it restarted at.
    std::optional<std::int64_t> last_run_us;
    std::optional<std::int64_t> restart_from_run_us;
    std::optional<std::uint64_t> restart_first_device_us;
    std::uint64_t restarts = 0;
    std::uint64_t frames_lost_restart = 0;
    double newtons_per_count = 0;
    archive::FrameBlock block;  // frames not yet archived
  };
  void seal_block(Device& d);
  void count_restart_loss(Device& d, std::uint64_t device_time_us, std::int64_t run_us);
  static session::LinkStats total(const Device& d);

  store::RunWriter writer_;
  std::uint32_t sample_rate_hz_;
  std::optional<std::int64_t> run_id_;
  std::chrono::steady_clock::time_point run_start_;
  analysis::GaitAnalyzer analyzer_;
  std::vector<Device> devices_;
  std::vector<store::StepRecord> pending_;
  std::vector<store::FrameBlockRecord> pending_blocks_;
  std::uint64_t dropped_blocks_ = 0;  // archive blocks lost after an hour of refused writes
  bool last_flush_ok_ = true;         // frame() flushes by itself only while writes work
  std::uint64_t steps_left_ = 0;
  std::uint64_t steps_right_ = 0;
  std::optional<double> last_run_time_s_;
  std::vector<std::pair<double, double>> forgotten_;  // erased stretches (forget_steps)
  std::string last_error_;
};

}  // namespace insole::run

#endif  // INSOLE_RUN_RUN_BUILDER_H_
