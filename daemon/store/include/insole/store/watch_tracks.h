// A watch's track attached to a run (schema 15): where it came from, how it overlaps the run,
// the distance over the run, and one sample per UTC second. All SQL of watch tracks lives here.
#ifndef INSOLE_STORE_WATCH_TRACKS_H_
#define INSOLE_STORE_WATCH_TRACKS_H_

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "insole/store/sqlite.h"

namespace insole::store {

struct WatchSampleRecord {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::int64_t unix_s = 0;
  double distance_m = kNaN;  // cumulative, from the track's start; NaN: unknown (stored NULL)
  double speed_mps = kNaN;
  double altitude_m = kNaN;
  double heart_rate_bpm = kNaN;
};

struct WatchTrackRecord {
  std::int64_t run_id = 0;
  std::string format;  // fit | gpx | tcx
  std::string file_name;
  std::string imported_at;               // ISO 8601 UTC
  double first_unix = 0, last_unix = 0;  // the track's own span
  double overlap_s = 0;                  // of the track with the run
  double start_offset_s = 0;             // the track's first point minus the run's first contact
  double coverage = 0;                   // share of the run's duration the track covers, 0-1
  double distance_m = WatchSampleRecord::kNaN;  // over the run; NaN: the track has none
  std::vector<WatchSampleRecord> samples;
};

class WatchTracks {
 public:
  explicit WatchTracks(Connection& db) : db_(db) {}
  // In one transaction: replaces the run's track with `track` and sets the run's measured
  // distance to `run_distance_m` (nullopt: leaves it as it was). Throws StoreError for an
  // unknown run.
  void attach(const WatchTrackRecord& track, std::optional<double> run_distance_m);
  // The run's track with its samples by time; nullopt when none is attached.
  std::optional<WatchTrackRecord> of_run(std::int64_t run_id);

 private:
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_WATCH_TRACKS_H_
