#include "insole/store/watch_tracks.h"

#include <cmath>

#include "insole/store/shoes.h"

namespace insole::store {

namespace {

void bind_or_null(Statement& s, int i, double v) {
  if (std::isnan(v)) {
    s.bind_null(i);
  } else {
    s.bind(i, v);
  }
}

double column_or_nan(const Statement& s, int i) {
  return s.column_is_null(i) ? WatchSampleRecord::kNaN : s.column_double(i);
}

}  // namespace

void WatchTracks::attach(const WatchTrackRecord& t, std::optional<double> run_distance_m) {
  Transaction tx(db_);
  {
    Statement s = db_.prepare("SELECT 1 FROM runs WHERE id = ?1");
    s.bind(1, t.run_id);
    if (!s.step()) throw StoreError("no run " + std::to_string(t.run_id));
  }
  db_.prepare(
         "DELETE FROM watch_samples WHERE track_id IN (SELECT id FROM watch_tracks WHERE "
         "run_id = ?1)")
      .bind(1, t.run_id)
      .run();
  db_.prepare("DELETE FROM watch_tracks WHERE run_id = ?1").bind(1, t.run_id).run();
  Statement insert = db_.prepare(
      "INSERT INTO watch_tracks (run_id, format, file_name, imported_at, first_unix, last_unix, "
      "overlap_s, start_offset_s, coverage, distance_m) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "?9, ?10)");
  insert.bind(1, t.run_id)
      .bind(2, t.format)
      .bind(3, t.file_name)
      .bind(4, t.imported_at)
      .bind(5, t.first_unix)
      .bind(6, t.last_unix)
      .bind(7, t.overlap_s)
      .bind(8, t.start_offset_s)
      .bind(9, t.coverage);
  bind_or_null(insert, 10, t.distance_m);
  insert.run();
  const std::int64_t track_id = db_.last_insert_rowid();
  Statement sample = db_.prepare(
      "INSERT INTO watch_samples (track_id, unix_s, distance_m, speed_mps, altitude_m, "
      "heart_rate_bpm) VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  for (const WatchSampleRecord& r : t.samples) {
    sample.reset();
    sample.bind(1, track_id).bind(2, r.unix_s);
    bind_or_null(sample, 3, r.distance_m);
    bind_or_null(sample, 4, r.speed_mps);
    bind_or_null(sample, 5, r.altitude_m);
    bind_or_null(sample, 6, r.heart_rate_bpm);
    sample.run();
  }
  if (run_distance_m) ShoeStore(db_).set_run_distance(t.run_id, *run_distance_m);
  // The run's digest (late-run form, compared at the watch's pace) is worked out again.
  db_.prepare("DELETE FROM run_digests WHERE run_id = ?1").bind(1, t.run_id).run();
  tx.commit();
}

std::optional<WatchTrackRecord> WatchTracks::of_run(std::int64_t run_id) {
  Statement s = db_.prepare(
      "SELECT id, format, file_name, imported_at, first_unix, last_unix, overlap_s, "
      "start_offset_s, coverage, distance_m FROM watch_tracks WHERE run_id = ?1");
  s.bind(1, run_id);
  if (!s.step()) return std::nullopt;
  WatchTrackRecord t;
  const std::int64_t id = s.column_int(0);
  t.run_id = run_id;
  t.format = s.column_text(1);
  t.file_name = s.column_text(2);
  t.imported_at = s.column_text(3);
  t.first_unix = s.column_double(4);
  t.last_unix = s.column_double(5);
  t.overlap_s = s.column_double(6);
  t.start_offset_s = s.column_double(7);
  t.coverage = s.column_double(8);
  t.distance_m = column_or_nan(s, 9);
  Statement q = db_.prepare(
      "SELECT unix_s, distance_m, speed_mps, altitude_m, heart_rate_bpm FROM watch_samples "
      "WHERE track_id = ?1 ORDER BY unix_s");
  q.bind(1, id);
  while (q.step()) {
    WatchSampleRecord r;
    r.unix_s = q.column_int(0);
    r.distance_m = column_or_nan(q, 1);
    r.speed_mps = column_or_nan(q, 2);
    r.altitude_m = column_or_nan(q, 3);
    r.heart_rate_bpm = column_or_nan(q, 4);
    t.samples.push_back(r);
  }
  return t;
}

}  // namespace insole::store
