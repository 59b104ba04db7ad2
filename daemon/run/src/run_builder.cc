#include "insole/run/run_builder.h"

#include <algorithm>
#include <cmath>
#include <span>
#include <stdexcept>

#include "insole/reports/alert_words.h"
#include "insole/run/device_record.h"
#include "insole/run/grid_layouts.h"
#include "insole/store/step_rows.h"

namespace insole::run {

namespace {

std::int64_t steady_us(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

session::LinkStats add(const session::LinkStats& a, const session::LinkStats& b) {
  session::LinkStats s;
  s.frames = a.frames + b.frames;
  s.crc_errors = a.crc_errors + b.crc_errors;
  s.malformed = a.malformed + b.malformed;
  s.sequence_gaps = a.sequence_gaps + b.sequence_gaps;
  s.frames_lost = a.frames_lost + b.frames_lost;
  s.frames_recovered = a.frames_recovered + b.frames_recovered;
  return s;
}

}  // namespace

RunBuilder::RunBuilder(store::Connection& db, std::uint32_t sample_rate_hz,
                       std::chrono::steady_clock::time_point start)
    : writer_(db),
      sample_rate_hz_(sample_rate_hz),
      run_start_(start),
      analyzer_(analysis::GaitConfig{}) {}

std::int64_t RunBuilder::run_start_us() const { return steady_us(run_start_); }

std::optional<int> RunBuilder::slot_of(const std::string& serial_number) const {
  for (std::size_t i = 0; i < devices_.size(); ++i) {
    if (devices_[i].serial_number == serial_number) return static_cast<int>(i);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> RunBuilder::last_sequence(int slot) const {
  return devices_.at(static_cast<std::size_t>(slot)).last_sequence;
}

int RunBuilder::add_device(const insole::v1::DeviceInfo& info,
                           std::unique_ptr<TimeMapping> mapping) {
  const auto layout = layout_for_grid(info.grid_id());
  if (!layout) {
    throw std::runtime_error("device " + info.serial_number() + " has sensel grid '" +
                             info.grid_id() + "', unknown to this insoled; update insoled");
  }
  if (layout->sensels.size() != info.sensel_count()) {
    throw std::runtime_error("device " + info.serial_number() + " reports " +
                             std::to_string(info.sensel_count()) + " sensels but grid " +
                             info.grid_id() + " has " + std::to_string(layout->sensels.size()));
  }
  const auto side = side_of(info);
  if (!side) throw std::runtime_error("device " + info.serial_number() + " says no side");
  if (const auto existing = slot_of(info.serial_number())) {
    Device& d = devices_[static_cast<std::size_t>(*existing)];
    if (info.sensel_count() != d.block.sensel_count) {
      throw std::runtime_error("device " + info.serial_number() + " came back with " +
                               std::to_string(info.sensel_count()) + " sensels instead of " +
                               std::to_string(d.block.sensel_count));
    }
    d.earlier_sessions = add(d.earlier_sessions, d.current_session);
    d.current_session = {};
    return *existing;
  }
  for (const Device& other : devices_) {
    if (other.side != *side) continue;
    const std::string foot = *side == analysis::Side::kLeft ? "left" : "right";
    throw SideTaken("insole " + info.serial_number() + " (" + foot + ") is not recorded: run " +
                    std::to_string(*run_id_) + " already has the " + foot + " insole " +
                    other.serial_number +
                    ", and one run is one pair (its steps would be mixed "
                    "with that foot's); it can record once run " +
                    std::to_string(*run_id_) + " has ended");
  }
  if (!run_id_) run_id_ = writer_.begin_run(sample_rate_hz_);
  Device device;
  device.serial_number = info.serial_number();
  device.id = writer_.upsert_device(device_record(info));
  device.side = *side;
  device.mapping = std::move(mapping);
  device.newtons_per_count = static_cast<double>(info.newtons_per_count());
  device.block.sensel_count = info.sensel_count();
  writer_.attach_device(*run_id_, device.id, store::side_letter(*side));
  analyzer_.attach(*side, *layout);
  devices_.push_back(std::move(device));
  return static_cast<int>(devices_.size() - 1);
}

std::optional<analysis::Step> RunBuilder::frame(int slot, const session::SensorFrame& frame,
                                                std::optional<std::int64_t> received_us) {
  Device& d = devices_.at(static_cast<std::size_t>(slot));
  last_run_time_s_.reset();
  // A device clock that went back means the insole restarted (it reconnected into this run):
  // place its new clock on the run's axis again. Only the first mapping is stored; re-analysis
  // of frames after a restart relies on the archive's per-block times.
  if (d.last_sequence && frame.device_time_us < d.last_device_time_us) {
    seal_block(d);
    d.mapping->restart();
    ++d.restarts;
    d.restart_from_run_us = d.last_run_us;
    d.restart_first_device_us = frame.device_time_us;
  }
  d.last_sequence = frame.sequence;
  d.last_device_time_us = frame.device_time_us;
  d.block.append(frame.sequence, frame.device_time_us, frame.counts);
  if (d.block.frames() >= sample_rate_hz_) {
    seal_block(d);
    if (last_flush_ok_ && pending_blocks_.size() >= kFlushBlocks) flush_steps();
  }
  const auto run_us = d.mapping->place(frame.device_time_us, received_us);
  if (!run_us) return std::nullopt;  // the mapping is not settled yet
  if (d.restart_first_device_us) count_restart_loss(d, frame.device_time_us, *run_us);
  d.last_run_us = *run_us;
  if (!d.clock_stored) {
    d.clock_stored = true;
    try {
      writer_.set_device_clock(*run_id_, d.id, d.newtons_per_count, sample_rate_hz_,
                               d.mapping->offset_us(frame.device_time_us).value_or(0));
    } catch (const store::StoreError& e) {
      last_error_ = e.what();  // re-analysis falls back to the first block's time
    }
  }
  const double t_run_s = static_cast<double>(*run_us) * 1e-6;
  last_run_time_s_ = t_run_s;
  const auto step = analyzer_.push(d.side, t_run_s, std::span<const float>(frame.forces_n));
  if (!step) return std::nullopt;
  for (const auto& [from_s, to_s] : forgotten_) {
    if (step->toe_off_s >= from_s && step->contact_s <= to_s) return step;  // erased: not stored
  }
  if (pending_.size() < kMaxBufferedSteps) pending_.push_back(store::to_step_record(*step));
  (d.side == analysis::Side::kLeft ? steps_left_ : steps_right_)++;
  return step;
}

void RunBuilder::count_restart_loss(Device& d, std::uint64_t device_time_us, std::int64_t run_us) {
  // The first frame after the restart, placed with the new clock.
  const std::int64_t first_us =
      run_us - static_cast<std::int64_t>(device_time_us - *d.restart_first_device_us);
  d.restart_first_device_us.reset();
  if (!d.restart_from_run_us) return;  // nothing of it was placed before: no known hole
  const double gap_s = static_cast<double>(first_us - *d.restart_from_run_us) * 1e-6;
  const auto missing = static_cast<std::int64_t>(std::llround(gap_s * sample_rate_hz_)) - 1;
  if (missing > 0) d.frames_lost_restart += static_cast<std::uint64_t>(missing);
  d.restart_from_run_us.reset();
}

session::LinkStats RunBuilder::total(const Device& d) {
  session::LinkStats s = add(d.earlier_sessions, d.current_session);
  s.frames_lost += d.frames_lost_restart;
  s.sequence_gaps += d.restarts;
  return s;
}

void RunBuilder::seal_block(Device& d) {
  if (d.block.frames() == 0) return;
  store::FrameBlockRecord r;
  r.device_id = d.id;
  r.side = store::side_letter(d.side);
  r.first_sequence = d.block.sequence.front();
  r.frame_count = static_cast<std::uint32_t>(d.block.frames());
  r.first_device_time_us = d.block.device_time_us.front();
  r.codec = archive::kCodec;
  r.data = archive::encode(d.block);
  d.block.clear();
  if (pending_blocks_.size() < kMaxBufferedBlocks) {
    pending_blocks_.push_back(std::move(r));
  } else {
    ++dropped_blocks_;  // the database has refused writes for an hour: keep the newest steps
  }
}

void RunBuilder::forget_steps(double from_s, double to_s) {
  std::erase_if(pending_, [&](const store::StepRecord& r) {
    return r.toe_off_s >= from_s && r.contact_s <= to_s;
  });
  forgotten_.emplace_back(from_s, to_s);
}

void RunBuilder::seal_blocks() {
  for (auto& d : devices_) seal_block(d);
}

bool RunBuilder::flush_steps() {
  if (!run_id_) return true;
  try {
    writer_.append(*run_id_, pending_, pending_blocks_);
    pending_.clear();
    pending_blocks_.clear();
    return last_flush_ok_ = true;
  } catch (const store::StoreError& e) {
    last_error_ = e.what();
    return last_flush_ok_ = false;
  }
}

bool RunBuilder::flush(int slot, const session::LinkStats& current) {
  if (!run_id_) return true;
  Device& d = devices_.at(static_cast<std::size_t>(slot));
  d.current_session = current;
  const session::LinkStats stats = total(d);
  store::LinkCounters c;
  c.frames = stats.frames;
  c.crc_errors = stats.crc_errors;
  c.malformed = stats.malformed;
  c.sequence_gaps = stats.sequence_gaps;
  c.frames_lost = stats.frames_lost;
  c.frames_recovered = stats.frames_recovered;
  c.restarts = d.restarts;
  c.frames_lost_restart = d.frames_lost_restart;
  try {
    writer_.update_link(*run_id_, d.id, c);
    return true;
  } catch (const store::StoreError& e) {
    last_error_ = e.what();
    return false;
  }
}

void RunBuilder::finish(const std::string& status) {
  if (!run_id_) return;
  for (Device& d : devices_) seal_block(d);
  if (!flush_steps()) throw store::StoreError(last_error_);
  writer_.replace_alerts(*run_id_, reports::alert_records(analyzer_.summary().alerts));
  writer_.finish(*run_id_, status);
}

std::uint64_t RunBuilder::steps(analysis::Side side) const {
  return side == analysis::Side::kLeft ? steps_left_ : steps_right_;
}

std::optional<RunSnapshot> RunBuilder::snapshot() const {
  if (!run_id_) return std::nullopt;
  RunSnapshot s;
  s.run_id = *run_id_;
  s.started = run_start_;
  s.steps_left = steps_left_;
  s.steps_right = steps_right_;
  for (const Device& d : devices_) s.devices.push_back({d.serial_number, d.side, total(d)});
  const auto& steps = analyzer_.steps();
  const std::size_t n = std::min(steps.size(), RunSnapshot::kRecentSteps);
  s.recent_steps.assign(steps.end() - static_cast<std::ptrdiff_t>(n), steps.end());
  return s;
}

}  // namespace insole::run
