#include "insole/run/outing_merge.h"

#include <algorithm>
#include <span>
#include <stdexcept>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/archive/frame_block.h"
#include "insole/reports/alert_words.h"
#include "insole/run/device_record.h"
#include "insole/run/grid_layouts.h"
#include "insole/run/run_frames.h"
#include "insole/session/sensor_frame.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/step_rows.h"

namespace insole::run {

namespace {

analysis::Side side_from(char c) {
  return c == 'L' ? analysis::Side::kLeft : analysis::Side::kRight;
}

analysis::Layout layout_or_throw(const std::string& grid_id, const std::string& serial) {
  auto layout = layout_for_grid(grid_id);
  if (!layout)
    throw std::runtime_error("device " + serial + " has sensel grid '" + grid_id +
                             "', unknown to this insoled; update insoled");
  return *layout;
}

}  // namespace

MergedRun add_foot_to_run(store::Connection& db, const StoredFoot& stored, const AddedFoot& added) {
  const insole::v1::DeviceInfo& info = *added.info;
  store::RunReader reader(db);
  const auto devices = reader.devices(stored.run_id);
  if (devices.size() != 1 || devices[0].device_id != stored.device_id || !devices[0].has_clock) {
    throw std::runtime_error("run " + std::to_string(stored.run_id) +
                             " is not a one-foot run of the partner insole");
  }
  const store::RunDeviceRecord& old = devices[0];
  const auto side = side_of(info);
  if (!side) throw std::runtime_error("device " + info.serial_number() + " says no side");
  const char side_char = *side == analysis::Side::kLeft ? 'L' : 'R';
  if (side_char == old.side) {
    throw std::runtime_error("run " + std::to_string(stored.run_id) + " already has the " +
                             std::string(1, side_char) + " foot");
  }
  if (info.sensel_count() == 0 || added.sample_rate_hz == 0)
    throw std::runtime_error("device " + info.serial_number() + " has no sensels or no rate");

  // The wall-clock instant of the run's zero, then the earlier start becomes the new zero.
  const std::int64_t run_zero_wall =
      stored.started_wall_us -
      (static_cast<std::int64_t>(stored.start_device_time_us) + old.clock_offset_us);
  const std::int64_t new_zero_wall = std::min(run_zero_wall, added.started_wall_us);
  const std::int64_t old_shift_us = run_zero_wall - new_zero_wall;  // >= 0
  const std::int64_t new_offset_us =
      added.started_wall_us - new_zero_wall - static_cast<std::int64_t>(added.start_device_time_us);

  analysis::GaitAnalyzer analyzer(analysis::GaitConfig{});
  analyzer.attach(side_from(old.side), layout_or_throw(old.grid_id, old.serial_number));
  analyzer.attach(*side, layout_or_throw(info.grid_id(), info.serial_number()));

  // Both feet in time order: the stored foot from its archive, the added one from its records;
  // the added foot's frames are archived in one-second blocks as a live run would.
  RunFrameStream old_frames(reader, stored.run_id);
  RunFrame of;
  bool have_old = old_frames.next(of);
  const FlashRecords& records = *added.records;
  session::SensorFrame nf;
  std::size_t k = 0;
  bool have_new = records.size() > 0;
  if (have_new) records.decode(0, nf);

  std::vector<store::FrameBlockRecord> blocks;
  archive::FrameBlock block;
  block.sensel_count = info.sensel_count();
  auto seal = [&] {
    if (block.frames() == 0) return;
    store::FrameBlockRecord r;
    r.device_id = added.device_id;
    r.side = side_char;
    r.first_sequence = block.sequence.front();
    r.frame_count = static_cast<std::uint32_t>(block.frames());
    r.first_device_time_us = block.device_time_us.front();
    r.codec = archive::kCodec;
    r.data = archive::encode(block);
    blocks.push_back(std::move(r));
    block.clear();
  };
  const double old_shift_s = static_cast<double>(old_shift_us) * 1e-6;
  while (have_old || have_new) {
    const double t_old = have_old ? of.t_s + old_shift_s : 0;
    const double t_new =
        have_new
            ? static_cast<double>(static_cast<std::int64_t>(nf.device_time_us) + new_offset_us) *
                  1e-6
            : 0;
    if (have_old && (!have_new || t_old <= t_new)) {
      analyzer.push(side_from(of.side), t_old, of.forces_n);
      have_old = old_frames.next(of);
      continue;
    }
    block.append(nf.sequence, nf.device_time_us, nf.counts);
    if (block.frames() >= added.sample_rate_hz) seal();
    analyzer.push(*side, t_new, std::span<const float>(nf.forces_n));
    if (++k < records.size()) {
      records.decode(k, nf);
    } else {
      have_new = false;
    }
  }
  seal();

  std::vector<store::StepRecord> steps;
  MergedRun merged;
  merged.started_wall_us = new_zero_wall;
  for (const auto& s : analyzer.steps()) {
    steps.push_back(store::to_step_record(s));
    (s.side == analysis::Side::kLeft ? merged.steps_left : merged.steps_right)++;
  }

  store::Transaction tx(db);
  store::RunWriter writer(db);
  writer.attach_device(stored.run_id, added.device_id, side_char);
  writer.set_device_clock(stored.run_id, added.device_id,
                          static_cast<double>(info.newtons_per_count()), added.sample_rate_hz,
                          new_offset_us);
  writer.set_device_clock(stored.run_id, old.device_id, old.newtons_per_count, old.sample_rate_hz,
                          old.clock_offset_us + old_shift_us);
  writer.append(stored.run_id, {}, blocks);
  writer.replace_steps(stored.run_id, steps);
  writer.replace_alerts(stored.run_id, reports::alert_records(analyzer.summary().alerts));
  store::LinkCounters counters;
  counters.frames = records.size();
  writer.update_link(stored.run_id, added.device_id, counters);
  if (old_shift_us > 0) writer.set_started_at(stored.run_id, store::iso_utc(new_zero_wall / 1000));
  const std::int64_t added_end_wall =
      added.started_wall_us + static_cast<std::int64_t>(records.size()) * 1'000'000 /
                                  static_cast<std::int64_t>(added.sample_rate_hz);
  writer.set_ended_at(stored.run_id,
                      store::iso_utc(std::max(stored.ended_wall_us, added_end_wall) / 1000));
  tx.commit();
  return merged;
}

}  // namespace insole::run
