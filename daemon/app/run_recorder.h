// Turns the frames of the sessions of one run into stored steps.
//
// The first device to finish its handshake opens the run; every other device joins it (left
// and right insoles of one owner share a run). Each device gets a step detector over its total
// force; steps are timed on the host clock (seconds since the run began) by mapping the
// device's µs clock with the smallest observed host-minus-device offset, which removes
// transport latency. Steps are buffered and written by flush() in one transaction; when the
// database refuses a write the steps stay buffered (bounded) and the error is reported.
#ifndef INSOLE_DAEMON_APP_RUN_RECORDER_H_
#define INSOLE_DAEMON_APP_RUN_RECORDER_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "insole/analysis/step_detector.h"
#include "insole/session/device_session.h"
#include "insole/store/records.h"
#include "insole/store/run_writer.h"
#include "insole/store/sqlite.h"

namespace insole::app {

class RunRecorder {
 public:
  static constexpr std::size_t kMaxBufferedSteps = 100000;

  RunRecorder(store::Connection& db, std::uint32_t sample_rate_hz);

  // Registers a device whose handshake succeeded; returns its slot for frame().
  int add_device(const insole::v1::DeviceInfo& info);
  // Returns the step this frame completed, if any (already queued for the next flush).
  std::optional<store::StepRecord> frame(int slot, const session::SensorFrame& frame,
                                         std::chrono::steady_clock::time_point received);
  // Writes buffered steps and the link counters; returns false (and keeps the steps) on a
  // database error, whose text is in last_error().
  bool flush(int slot, const session::LinkStats& stats);
  bool flush_steps();
  void finish(const std::string& status);

  std::optional<std::int64_t> run_id() const { return run_id_; }
  std::uint64_t steps(char side) const;
  const std::string& last_error() const { return last_error_; }
  std::size_t buffered_steps() const { return pending_.size(); }

 private:
  struct Device {
    std::int64_t id = 0;
    char side = 'L';
    analysis::StepDetector detector;
    bool have_offset = false;
    std::int64_t offset_us = 0;  // host steady µs minus device µs, minimum seen
  };

  store::RunWriter writer_;
  std::uint32_t sample_rate_hz_;
  std::optional<std::int64_t> run_id_;
  std::chrono::steady_clock::time_point run_start_;
  std::vector<Device> devices_;
  std::vector<store::StepRecord> pending_;
  std::uint64_t steps_left_ = 0;
  std::uint64_t steps_right_ = 0;
  std::string last_error_;
};

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_RUN_RECORDER_H_
