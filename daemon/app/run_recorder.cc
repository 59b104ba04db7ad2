#include "run_recorder.h"

#include <span>

#include "insole/grids/grid_layouts.h"
#include "insole/session/protocol_check.h"

namespace insole::app {

namespace {
std::int64_t steady_us(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}
}  // namespace

store::StepRecord to_record(const analysis::Step& step) {
  store::StepRecord r;
  r.side = step.side == analysis::Side::kLeft ? 'L' : 'R';
  r.contact_s = step.contact_s;
  r.toe_off_s = step.toe_off_s;
  r.peak_force_n = step.peak_force_n;
  r.impulse_ns = step.impulse_ns;
  r.loading_rate_n_per_s = step.loading_rate_n_per_s;
  r.flight_time_s = step.flight_time_s;
  r.strike_index = step.strike_index;
  r.strike = std::string(analysis::name(step.strike));
  r.flat_foot = step.flat_foot ? 1 : 0;
  r.pronation_index = step.pronation_index;
  r.cpei_pct = step.cpei_pct;
  r.medial_fraction = step.medial_fraction;
  r.pronation = std::string(analysis::name(step.pronation));
  return r;
}

RunRecorder::RunRecorder(store::Connection& db, std::uint32_t sample_rate_hz)
    : writer_(db), sample_rate_hz_(sample_rate_hz), analyzer_(analysis::GaitConfig{}) {}

int RunRecorder::add_device(const insole::v1::DeviceInfo& info) {
  const auto layout = grids::layout_for_grid(info.grid_id());
  if (!layout) {
    throw std::runtime_error("device " + info.serial_number() + " has sensel grid '" +
                             info.grid_id() + "', unknown to this insoled; update insoled");
  }
  if (layout->sensels.size() != info.sensel_count()) {
    throw std::runtime_error("device " + info.serial_number() + " reports " +
                             std::to_string(info.sensel_count()) + " sensels but grid " +
                             info.grid_id() + " has " + std::to_string(layout->sensels.size()));
  }
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
  analyzer_.attach(device.side == 'L' ? analysis::Side::kLeft : analysis::Side::kRight, *layout);
  devices_.push_back(device);
  return static_cast<int>(devices_.size() - 1);
}

std::optional<store::StepRecord> RunRecorder::frame(
    int slot, const session::SensorFrame& frame, std::chrono::steady_clock::time_point received) {
  Device& d = devices_.at(static_cast<std::size_t>(slot));
  const std::int64_t offset = steady_us(received) - static_cast<std::int64_t>(frame.device_time_us);
  if (d.frames_seen < kOffsetFrames) {
    if (d.frames_seen == 0 || offset < d.offset_us) d.offset_us = offset;
    ++d.frames_seen;
    return std::nullopt;  // the clock mapping is not settled yet
  }
  const double t_run_s = static_cast<double>(static_cast<std::int64_t>(frame.device_time_us) +
                                             d.offset_us - steady_us(run_start_)) *
                         1e-6;
  const auto side = d.side == 'L' ? analysis::Side::kLeft : analysis::Side::kRight;
  const auto step = analyzer_.push(side, t_run_s, std::span<const float>(frame.forces_n));
  if (!step) return std::nullopt;
  store::StepRecord record = to_record(*step);
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
