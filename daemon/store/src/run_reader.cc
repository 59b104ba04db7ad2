#include "insole/store/run_reader.h"

#include <limits>
#include <string>

namespace insole::store {
namespace {

constexpr const char* kStepColumns =
    "(SELECT COUNT(*) FROM steps s WHERE s.run_id = r.id AND s.side = 'L'), "
    "(SELECT COUNT(*) FROM steps s WHERE s.run_id = r.id AND s.side = 'R'), "
    "COALESCE(r.shoe_id, 0), "
    "(SELECT COALESCE(MAX(s.toe_off_s) - MIN(s.contact_s), 0) FROM steps s WHERE s.run_id = "
    "r.id), ";
constexpr const char* kNoStepColumns = "0, 0, COALESCE(r.shoe_id, 0), 0, ";
constexpr const char* kRunColumnsHead =
    "SELECT r.id, r.started_at, COALESCE(r.ended_at, ''), r.status, r.sample_rate_hz, ";
constexpr const char* kRunColumnsTail =
    "COALESCE((julianday(r.ended_at) - julianday(r.started_at)) * 86400.0, "
    "  CASE WHEN r.started_at IS NULL THEN (SELECT MAX(CAST(rd.frames AS REAL) / "
    "rd.sample_rate_hz) "
    "  FROM run_devices rd WHERE rd.run_id = r.id AND rd.sample_rate_hz > 0) END), "
    "EXISTS (SELECT 1 FROM run_devices rd WHERE rd.run_id = r.id AND "
    "rd.recording_end = 'flash_full'), COALESCE(r.surface, '') FROM runs r ";

RunRecord read_run(const Statement& s) {
  RunRecord r;
  r.id = s.column_int(0);
  if (!s.column_is_null(1)) r.started_at = s.column_text(1);
  r.ended_at = s.column_text(2);
  r.status = s.column_text(3);
  r.sample_rate_hz = s.column_int(4);
  r.steps_left = s.column_int(5);
  r.steps_right = s.column_int(6);
  r.shoe_id = s.column_int(7);
  r.duration_s = s.column_double(8);
  if (!s.column_is_null(9)) r.recording_span_s = s.column_double(9);
  r.truncated = s.column_int(10) != 0;
  r.surface = s.column_text(11);
  return r;
}

std::string run_columns(bool step_columns) {
  return std::string(kRunColumnsHead) + (step_columns ? kStepColumns : kNoStepColumns) +
         kRunColumnsTail;
}

}  // namespace

std::vector<RunRecord> RunReader::runs(StepCounts counts) {
  std::vector<RunRecord> out;
  Statement s = db_.prepare(run_columns(counts == StepCounts::kCounted) + "ORDER BY r.id");
  while (s.step()) out.push_back(read_run(s));
  return out;
}

std::optional<RunRecord> RunReader::run(std::int64_t run_id) {
  Statement s = db_.prepare(run_columns(true) + "WHERE r.id = ?1");
  s.bind(1, run_id);
  if (!s.step()) return std::nullopt;
  return read_run(s);
}

std::vector<StepRecord> RunReader::steps(std::int64_t run_id, char side) {
  std::vector<StepRecord> out;
  Statement s = db_.prepare(
      "SELECT side, contact_s, toe_off_s, peak_force_n, impulse_ns, loading_rate_n_per_s, "
      "flight_time_s, strike_index, strike, flat_foot, pronation_index, cpei_pct, "
      "medial_fraction, pronation, missing_s, silent_sensel, toe_share FROM steps WHERE run_id = "
      "?1 AND (?2 "
      "IS NULL OR side = ?2) ORDER "
      "BY contact_s, side");
  s.bind(1, run_id);
  if (side) {
    s.bind(2, std::string_view(&side, 1));
  } else {
    s.bind_null(2);
  }
  while (s.step()) {
    StepRecord r;
    r.side = s.column_text(0).front();
    r.contact_s = s.column_double(1);
    r.toe_off_s = s.column_double(2);
    r.peak_force_n = s.column_double(3);
    r.impulse_ns = s.column_double(4);
    r.loading_rate_n_per_s = s.column_double(5);
    auto real = [&s](int i) {
      return s.column_is_null(i) ? std::numeric_limits<double>::quiet_NaN() : s.column_double(i);
    };
    r.flight_time_s = real(6);
    r.strike_index = real(7);
    r.strike = s.column_text(8);
    r.flat_foot = s.column_is_null(9) ? -1 : static_cast<int>(s.column_int(9));
    r.pronation_index = real(10);
    r.cpei_pct = real(11);
    r.medial_fraction = real(12);
    r.pronation = s.column_text(13);
    r.missing_s = real(14);
    r.silent_sensel = s.column_is_null(15) ? -1 : static_cast<int>(s.column_int(15));
    r.toe_share = real(16);
    out.push_back(r);
  }
  return out;
}

double RunReader::duration_s(std::int64_t run_id) {
  Statement span =
      db_.prepare("SELECT COUNT(*), MIN(contact_s), MAX(toe_off_s) FROM steps WHERE run_id = ?1");
  span.bind(1, run_id);
  span.step();
  return span.column_int(0) > 0 ? span.column_double(2) - span.column_double(1) : 0.0;
}

std::optional<RunSummary> RunReader::summary(std::int64_t run_id) {
  auto run = this->run(run_id);
  if (!run) return std::nullopt;
  RunSummary summary;
  summary.run = *run;

  summary.duration_s = duration_s(run_id);

  Statement sides = db_.prepare(
      "SELECT rd.side, d.serial_number, rd.frames, rd.crc_errors, rd.malformed, "
      "rd.sequence_gaps, rd.frames_lost, COUNT(s.id), AVG(s.toe_off_s - s.contact_s), "
      "AVG(s.peak_force_n), AVG(s.impulse_ns), AVG(s.loading_rate_n_per_s), rd.frames_recovered, "
      "rd.restarts, rd.frames_lost_restart, COALESCE(rd.recording_end, ''), "
      "CAST(rd.frames AS REAL) / MAX(COALESCE(rd.sample_rate_hz, 0), 1) "
      "FROM run_devices rd JOIN devices d ON d.id = rd.device_id "
      "LEFT JOIN steps s ON s.run_id = rd.run_id AND s.side = rd.side "
      "WHERE rd.run_id = ?1 GROUP BY rd.device_id ORDER BY rd.side");
  sides.bind(1, run_id);
  while (sides.step()) {
    SideSummary side;
    side.side = sides.column_text(0).front();
    side.serial_number = sides.column_text(1);
    side.link.frames = static_cast<std::uint64_t>(sides.column_int(2));
    side.link.crc_errors = static_cast<std::uint64_t>(sides.column_int(3));
    side.link.malformed = static_cast<std::uint64_t>(sides.column_int(4));
    side.link.sequence_gaps = static_cast<std::uint64_t>(sides.column_int(5));
    side.link.frames_lost = static_cast<std::uint64_t>(sides.column_int(6));
    side.link.frames_recovered = static_cast<std::uint64_t>(sides.column_int(12));
    side.link.restarts = static_cast<std::uint64_t>(sides.column_int(13));
    side.link.frames_lost_restart = static_cast<std::uint64_t>(sides.column_int(14));
    side.steps = sides.column_int(7);
    side.recording_end = sides.column_text(15);
    side.recorded_s = sides.column_double(16);
    side.mean_contact_time_s = sides.column_double(8);
    side.mean_peak_force_n = sides.column_double(9);
    side.mean_impulse_ns = sides.column_double(10);
    side.mean_loading_rate_n_per_s = sides.column_double(11);
    summary.sides.push_back(side);
  }
  return summary;
}

std::vector<AlertRecord> RunReader::alerts(std::int64_t run_id) {
  std::vector<AlertRecord> out;
  Statement s = db_.prepare(
      "SELECT code, side, metric, finding, advice FROM alerts WHERE run_id = ?1 ORDER BY id");
  s.bind(1, run_id);
  while (s.step()) {
    out.push_back(
        {s.column_text(0), s.column_text(1), s.column_text(2), s.column_text(3), s.column_text(4)});
  }
  return out;
}

std::vector<RunDeviceRecord> RunReader::devices(std::int64_t run_id) {
  std::vector<RunDeviceRecord> out;
  Statement s = db_.prepare(
      "SELECT rd.device_id, rd.side, d.serial_number, d.grid_id, d.sensel_count, "
      "rd.newtons_per_count, rd.sample_rate_hz, rd.clock_offset_us FROM run_devices rd "
      "JOIN devices d ON d.id = rd.device_id WHERE rd.run_id = ?1 ORDER BY rd.side");
  s.bind(1, run_id);
  while (s.step()) {
    RunDeviceRecord r;
    r.device_id = s.column_int(0);
    r.side = s.column_text(1).front();
    r.serial_number = s.column_text(2);
    r.grid_id = s.column_text(3);
    r.sensel_count = static_cast<std::uint32_t>(s.column_int(4));
    r.newtons_per_count = s.column_is_null(5) ? 0.0 : s.column_double(5);
    r.sample_rate_hz = static_cast<std::uint32_t>(s.column_int(6));
    r.has_clock = !s.column_is_null(7);
    r.clock_offset_us = s.column_int(7);
    out.push_back(r);
  }
  return out;
}

std::vector<FrameBlockRecord> RunReader::frame_blocks(std::int64_t run_id, std::int64_t device_id) {
  return frame_blocks_after(run_id, device_id, nullptr, 0);
}

std::vector<FrameBlockRecord> RunReader::frame_blocks_after(std::int64_t run_id,
                                                            std::int64_t device_id,
                                                            const FrameBlockRecord* after,
                                                            std::size_t limit) {
  std::vector<FrameBlockRecord> out;
  // limit 0: all; -1 is SQLite's "no limit". The order is (first_device_time_us, id), so the
  // next page starts after the last block's pair.
  Statement s = db_.prepare(
      "SELECT b.device_id, rd.side, b.first_sequence, b.frame_count, b.first_device_time_us, "
      "b.codec, b.data, b.id FROM frame_blocks b JOIN run_devices rd ON rd.run_id = b.run_id AND "
      "rd.device_id = b.device_id WHERE b.run_id = ?1 AND b.device_id = ?2 "
      "AND (b.first_device_time_us, b.id) > (?3, ?4) "
      "ORDER BY b.first_device_time_us, b.id LIMIT ?5");
  s.bind(1, run_id).bind(2, device_id);
  s.bind(3, after ? static_cast<std::int64_t>(after->first_device_time_us) : std::int64_t{-1});
  s.bind(4, after ? after->id : std::int64_t{-1});
  s.bind(5, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  while (s.step()) {
    FrameBlockRecord r;
    r.device_id = s.column_int(0);
    r.side = s.column_text(1).front();
    r.first_sequence = static_cast<std::uint32_t>(s.column_int(2));
    r.frame_count = static_cast<std::uint32_t>(s.column_int(3));
    r.first_device_time_us = static_cast<std::uint64_t>(s.column_int(4));
    r.codec = s.column_text(5);
    r.data = s.column_blob(6);
    r.id = s.column_int(7);
    out.push_back(std::move(r));
  }
  return out;
}

std::optional<std::uint32_t> RunReader::first_sequence(std::int64_t run_id,
                                                       std::int64_t device_id) {
  // Blocks are appended as frames arrive: the lowest id holds the first.
  Statement s = db_.prepare(
      "SELECT first_sequence FROM frame_blocks WHERE run_id = ?1 AND device_id = ?2 "
      "ORDER BY id LIMIT 1");
  s.bind(1, run_id).bind(2, device_id);
  if (!s.step()) return std::nullopt;
  return static_cast<std::uint32_t>(s.column_int(0));
}

std::pair<std::int64_t, std::int64_t> RunReader::archive_size(std::int64_t run_id) {
  Statement s = db_.prepare(
      "SELECT COALESCE(SUM(LENGTH(data)), 0), COALESCE(SUM(frame_count), 0) FROM frame_blocks "
      "WHERE run_id = ?1");
  s.bind(1, run_id);
  s.step();
  return {s.column_int(0), s.column_int(1)};
}

}  // namespace insole::store
