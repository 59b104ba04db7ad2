// A watch's track attached to the insole run it was recorded with (issue 17): matched by time
// overlap, resampled to whole UTC seconds over the run, and the distance over the run made the
// run's measured distance when the track covers the run (which then feeds the shoe's kilometres
// and the distance calibration, with their plausibility checks). The matching and resampling
// are pure; import_watch reads and writes the database in one transaction.
#ifndef INSOLE_REPORTS_WATCH_IMPORT_H_
#define INSOLE_REPORTS_WATCH_IMPORT_H_

#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "insole/analysis/clock_offset.h"
#include "insole/analysis/late_run_form.h"
#include "insole/readers/watch_track.h"
#include "insole/store/sqlite.h"
#include "insole/store/watch_tracks.h"

namespace insole::reports {

// A run's time on the ground, UTC: first contact to last toe-off.
struct RunWindow {
  std::int64_t run_id = 0;
  double first_unix = 0;
  double last_unix = 0;
};

struct TrackMatch {
  std::int64_t run_id = 0;
  double overlap_s = 0;
  double coverage = 0;        // overlap / the run's duration
  double start_offset_s = 0;  // the track's first point minus the run's first contact
};

TrackMatch overlap_with(const readers::WatchTrack& track, const RunWindow& run);
// The run the track overlaps longest; nullopt when it overlaps none.
std::optional<TrackMatch> match_track(const readers::WatchTrack& track,
                                      std::span<const RunWindow> runs);

// One sample per whole UTC second in [from_unix, to_unix], interpolated linearly between the
// track's points; seconds in a gap of more than kMaxGapS between points get no sample. Speed:
// the track's own, else the distance covered over the second before.
inline constexpr double kMaxGapS = 10;
std::vector<store::WatchSampleRecord> resample(const readers::WatchTrack& track, double from_unix,
                                               double to_unix);
// The track's distance covered between two times (interpolated); NaN when the track has no
// distance there.
double distance_between(const readers::WatchTrack& track, double from_unix, double to_unix);

// The least share of a run the track must cover for its distance to be the run's.
inline constexpr double kMinCoverageForDistance = 0.95;

// A watch file that cannot be attached, with why (no overlapping run, not a run, ...).
class WatchImportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The watch's clock against the insoles': the cadence the watch recorded lined up with the
// cadence counted from the run's steps (analysis/clock_offset.h). Checked only when the file has
// cadence; a measured offset of kClockApplyS or more moves the track onto the run's clock
// before anything is taken from it (overlap, distance, samples).
struct ClockCheck {
  bool watch_has_cadence = false;
  analysis::ClockOffset offset;  // result kTooShort when not checked
  bool applied = false;          // the track's times were moved by -offset.offset_s
};
// Steps per minute over the 3 s around each whole UTC second of the run's window (from the
// intervals between the contacts in it; 0 while standing), and the watch's cadence at the same
// seconds (NaN where it has none), lined up. `contact_unix` sorted. Resolution: about a second
// (the watch records once a second), so offsets under kClockApplyS count as agreement.
inline constexpr double kClockApplyS = 2;
ClockCheck check_clock(const readers::WatchTrack& track, std::span<const double> contact_unix,
                       const RunWindow& window);
// "measured" | "too_short" | "too_steady" | "no_clear_peak" | "no_cadence"
std::string_view clock_result_name(const ClockCheck& c);

struct WatchImport {
  store::WatchTrackRecord track;  // as attached (samples included; on the run's clock)
  ClockCheck clock;
  std::optional<double> run_distance_m;  // set as the run's measured distance
  std::string distance_note;             // why the distance was not used; empty when it was
};

// Attaches `track` (read from `file_name`) to run `run_id`, or with nullopt to the finished,
// dated run it overlaps longest. Throws WatchImportError (nothing attached) when the run is
// unknown, still recording, undated, does not overlap the track, or the file is another sport.
WatchImport import_watch(store::Connection& db, const readers::WatchTrack& track,
                         const std::string& file_name, std::optional<std::int64_t> run_id);

// The speed of the run's attached watch track on the run's clock (late_run_form's pace
// matching); empty without a track or an undated run.
std::vector<analysis::SpeedSample> run_speed(store::Connection& db, std::int64_t run_id);
// The same from a track already read: seconds since `run_started_at` (ISO 8601 UTC, the run's
// first contact); empty when either is missing.
std::vector<analysis::SpeedSample> run_speed(const std::optional<store::WatchTrackRecord>& track,
                                             const std::optional<std::string>& run_started_at);

// The attached track as a run's report and summary show it: {"file","format","imported_at",
// "overlap_s","coverage","start_offset_s","distance_km" (null: none),"samples","heart_rate_bpm"
// (mean over the run, null: none)}; null when no track is attached.
nlohmann::json watch_track_json(const std::optional<store::WatchTrackRecord>& track);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_WATCH_IMPORT_H_
