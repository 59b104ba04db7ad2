#include "run_recorder.h"

#include "insole/session/protocol_check.h"

namespace insole::app {

namespace {
std::int64_t steady_us(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}
}  // namespace

RunRecorder::RunRecorder(store::Connection& db, std::uint32_t sample_rate_hz)
    : writer_(db), sample_rate_hz_(sample_rate_hz) {}

int RunRecorder::add_device(const insole::v1::DeviceInfo& info) {
  store::DeviceRecord record;
  record.serial_number = info.serial_number();
  record.side = session::side_letter(info.side());
  record.firmware_version = info.firmware_version();
  record.protocol_major = info.protocol_major();
  record.protocol_minor = info.protocol_minor();
  record.grid_id = info.grid_id();
  record.sensel_count = info.sensel_count();
  record.board = info.board();
  if (!run_id_) {
    run_id_ = writer_.begin_run(sample_rate_hz_);
    run_start_ = std::chrono::steady_clock::now();
  }
  Device device;
  device.id = writer_.upsert_device(record);
  device.side = record.side;
  writer_.attach_device(*run_id_, device.id, device.side);
  devices_.push_back(std::move(device));
  return static_cast<int>(devices_.size() - 1);
}

std::optional<store::StepRecord> RunRecorder::frame(
    int slot, const session::SensorFrame& frame, std::chrono::steady_clock::time_point received) {
  Device& d = devices_.at(static_cast<std::size_t>(slot));
  const std::int64_t offset = steady_us(received) - static_cast<std::int64_t>(frame.device_time_us);
  if (!d.have_offset || offset < d.offset_us) {
    d.offset_us = offset;
    d.have_offset = true;
  }
  const double t_device_s = static_cast<double>(frame.device_time_us) * 1e-6;
  const auto step = d.detector.push(t_device_s, frame.total_n);
  if (!step) return std::nullopt;
  // Device seconds -> seconds since the run began, on the host clock.
  const double shift_s = static_cast<double>(d.offset_us - steady_us(run_start_)) * 1e-6;
  store::StepRecord record;
  record.side = d.side;
  record.contact_s = step->contact_s + shift_s;
  record.toe_off_s = step->toe_off_s + shift_s;
  record.peak_force_n = step->peak_force_n;
  record.impulse_ns = step->impulse_ns;
  record.loading_rate_n_per_s = step->loading_rate_n_per_s;
  if (pending_.size() < kMaxBufferedSteps) pending_.push_back(record);
  (d.side == 'L' ? steps_left_ : steps_right_)++;
  return record;
}

bool RunRecorder::flush_steps() {
  if (!run_id_) return true;
  try {
    writer_.append(*run_id_, pending_);
    pending_.clear();
    return true;
  } catch (const store::StoreError& e) {
    last_error_ = e.what();
    return false;
  }
}

bool RunRecorder::flush(int slot, const session::LinkStats& stats) {
  if (!run_id_) return true;
  store::LinkCounters c;
  c.frames = stats.frames;
  c.crc_errors = stats.crc_errors;
  c.malformed = stats.malformed;
  c.sequence_gaps = stats.sequence_gaps;
  c.frames_lost = stats.frames_lost;
  try {
    writer_.update_link(*run_id_, devices_.at(static_cast<std::size_t>(slot)).id, c);
    return true;
  } catch (const store::StoreError& e) {
    last_error_ = e.what();
    return false;
  }
}

void RunRecorder::finish(const std::string& status) {
  if (!run_id_) return;
  writer_.finish(*run_id_, status);
}

std::uint64_t RunRecorder::steps(char side) const {
  return side == 'L' ? steps_left_ : steps_right_;
}

}  // namespace insole::app
