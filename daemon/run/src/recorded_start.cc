#include "insole/run/recorded_start.h"

#include <algorithm>
#include <map>

#include "insole/run/stored_run_analysis.h"
#include "insole/store/insole_recordings.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"

namespace insole::run {

namespace {

void add(store::LinkCounters& to, const store::LinkCounters& c) {
  to.frames += c.frames;
  to.crc_errors += c.crc_errors;
  to.malformed += c.malformed;
  to.sequence_gaps += c.sequence_gaps;
  to.frames_lost += c.frames_lost;
  to.frames_recovered += c.frames_recovered;
  to.restarts += c.restarts;
  to.frames_lost_restart += c.frames_lost_restart;
}

std::map<std::string, store::LinkCounters> counters_by_serial(store::RunReader& reader,
                                                              std::int64_t run_id) {
  std::map<std::string, store::LinkCounters> out;
  if (const auto summary = reader.summary(run_id))
    for (const auto& side : summary->sides) out[side.serial_number] = side.link;
  return out;
}

}  // namespace

std::optional<JoinedStart> join_recorded_start(store::Connection& db, std::int64_t run_id) {
  store::RunReader reader(db);
  store::InsoleRecordings recordings(db);
  const auto run = reader.run(run_id);
  if (!run || run->status == "recording") return std::nullopt;
  const auto live = reader.devices(run_id);

  // The recording that runs on into this run's first frame of an insole, and its run.
  auto recorded_start = [&](const store::RunDeviceRecord& d) -> std::optional<std::int64_t> {
    if (!d.has_clock) return std::nullopt;
    const auto first = reader.first_sequence(run_id, d.device_id);
    if (!first) return std::nullopt;
    const auto r =
        recordings.recorded_start(run_id, d.device_id, *first, kRecordedStartToleranceUs);
    if (!r || !r->run_id) return std::nullopt;
    return r->run_id;
  };
  std::optional<std::int64_t> head_run;
  const store::RunDeviceRecord* anchor = nullptr;
  for (const auto& d : live) {
    if ((head_run = recorded_start(d))) {
      anchor = &d;
      break;
    }
  }
  if (!head_run) return std::nullopt;
  const auto head = reader.devices(*head_run);
  const auto in_live = [&](std::int64_t device_id) -> const store::RunDeviceRecord* {
    for (const auto& d : live)
      if (d.device_id == device_id) return &d;
    return nullptr;
  };
  const store::RunDeviceRecord* head_anchor = nullptr;
  for (const auto& h : head) {
    if (!h.has_clock) return std::nullopt;
    const store::RunDeviceRecord* l = in_live(h.device_id);
    if (!l) {  // a foot only the recording has: never a second insole on one side
      for (const auto& d : live)
        if (d.side == h.side) return std::nullopt;
      continue;
    }
    // Its frames continue into the live run's, or its device time cannot be shared.
    if (recorded_start(*l) != head_run || l->sample_rate_hz != h.sample_rate_hz)
      return std::nullopt;
    if (h.device_id == anchor->device_id) head_anchor = &h;
  }
  if (!head_anchor) return std::nullopt;

  // One insole, one clock: the recording's time 0 is at delta on the live run's axis (< 0).
  const std::int64_t delta_us = anchor->clock_offset_us - head_anchor->clock_offset_us;
  const std::int64_t earlier_us = std::max<std::int64_t>(0, -delta_us);
  const auto live_counters = counters_by_serial(reader, run_id);
  const auto head_counters = counters_by_serial(reader, *head_run);

  JoinedStart joined;
  joined.joined_run_id = *head_run;
  joined.earlier_us = earlier_us;
  store::Transaction tx(db);
  store::RunWriter writer(db);
  for (const auto& d : live)
    writer.set_device_clock(run_id, d.device_id, d.newtons_per_count, d.sample_rate_hz,
                            d.clock_offset_us + earlier_us);
  for (const auto& h : head) {
    store::LinkCounters counters;
    if (const auto c = head_counters.find(h.serial_number); c != head_counters.end())
      counters = c->second;
    joined.frames_added += counters.frames;
    if (!in_live(h.device_id)) {
      writer.attach_device(run_id, h.device_id, h.side);
      writer.set_device_clock(run_id, h.device_id, h.newtons_per_count, h.sample_rate_hz,
                              h.clock_offset_us + delta_us + earlier_us);
    } else if (const auto c = live_counters.find(h.serial_number); c != live_counters.end()) {
      add(counters, c->second);
    }
    writer.update_link(run_id, h.device_id, counters);
  }
  writer.fold_into(*head_run, run_id);
  writer.move_start_earlier(run_id, earlier_us);
  const StoredRunAnalysis analysis = analyse_stored_run(reader, run_id);
  writer.replace_steps(run_id, analysis.steps);
  writer.replace_alerts(run_id, analysis.alerts);
  tx.commit();
  joined.steps_left = analysis.steps_left;
  joined.steps_right = analysis.steps_right;
  return joined;
}

}  // namespace insole::run
