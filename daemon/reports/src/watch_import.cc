#include "insole/reports/watch_import.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include "insole/reports/analysis_json.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_reader.h"

namespace insole::reports {

namespace {

using readers::WatchPoint;
using readers::WatchTrack;
constexpr double kNaN = WatchPoint::kNaN;

double lerp(double a, double b, double f) {
  if (std::isnan(a) || std::isnan(b)) return kNaN;
  return a + f * (b - a);
}

// The track's field at time t, interpolated; NaN outside the track or across a long gap.
template <typename Field>
double at(const WatchTrack& track, double t, Field field) {
  const auto& p = track.points;
  if (p.empty() || t < p.front().unix_s || t > p.back().unix_s) return kNaN;
  const auto it = std::lower_bound(p.begin(), p.end(), t,
                                   [](const WatchPoint& a, double v) { return a.unix_s < v; });
  if (it->unix_s == t) return (*it).*field;
  const WatchPoint& b = *it;
  const WatchPoint& a = *(it - 1);
  if (b.unix_s - a.unix_s > kMaxGapS) return kNaN;
  return lerp(a.*field, b.*field, (t - a.unix_s) / (b.unix_s - a.unix_s));
}

bool in_gap(const WatchTrack& track, double t) {
  const auto& p = track.points;
  const auto it = std::lower_bound(p.begin(), p.end(), t,
                                   [](const WatchPoint& a, double v) { return a.unix_s < v; });
  if (it == p.end()) return true;
  if (it->unix_s == t) return false;
  if (it == p.begin()) return true;
  return it->unix_s - (it - 1)->unix_s > kMaxGapS;
}

std::string clock_text(double unix_s) {
  return store::iso_utc(static_cast<std::int64_t>(std::llround(unix_s * 1000))).substr(11, 8);
}

}  // namespace

TrackMatch overlap_with(const WatchTrack& track, const RunWindow& run) {
  TrackMatch m;
  m.run_id = run.run_id;
  if (track.points.empty()) return m;
  const double from = std::max(track.points.front().unix_s, run.first_unix);
  const double to = std::min(track.points.back().unix_s, run.last_unix);
  m.overlap_s = std::max(0.0, to - from);
  const double duration = run.last_unix - run.first_unix;
  m.coverage = duration > 0 ? std::min(1.0, m.overlap_s / duration) : 0;
  m.start_offset_s = track.points.front().unix_s - run.first_unix;
  return m;
}

std::optional<TrackMatch> match_track(const WatchTrack& track, std::span<const RunWindow> runs) {
  std::optional<TrackMatch> best;
  for (const RunWindow& r : runs) {
    const TrackMatch m = overlap_with(track, r);
    if (m.overlap_s > 0 && (!best || m.overlap_s > best->overlap_s)) best = m;
  }
  return best;
}

std::vector<store::WatchSampleRecord> resample(const WatchTrack& track, double from_unix,
                                               double to_unix) {
  std::vector<store::WatchSampleRecord> out;
  const auto first = static_cast<std::int64_t>(std::ceil(from_unix));
  const auto last = static_cast<std::int64_t>(std::floor(to_unix));
  for (std::int64_t s = first; s <= last; ++s) {
    const auto t = static_cast<double>(s);
    if (in_gap(track, t)) continue;
    store::WatchSampleRecord r;
    r.unix_s = s;
    r.distance_m = at(track, t, &WatchPoint::distance_m);
    r.speed_mps = at(track, t, &WatchPoint::speed_mps);
    if (std::isnan(r.speed_mps)) {
      const double before = at(track, t - 1, &WatchPoint::distance_m);
      if (!std::isnan(before) && !std::isnan(r.distance_m))
        r.speed_mps = std::max(0.0, r.distance_m - before);
    }
    r.altitude_m = at(track, t, &WatchPoint::altitude_m);
    r.heart_rate_bpm = at(track, t, &WatchPoint::heart_rate_bpm);
    out.push_back(r);
  }
  return out;
}

double distance_between(const WatchTrack& track, double from_unix, double to_unix) {
  const double a = at(track, from_unix, &WatchPoint::distance_m);
  const double b = at(track, to_unix, &WatchPoint::distance_m);
  return std::isnan(a) || std::isnan(b) ? kNaN : std::max(0.0, b - a);
}

ClockCheck check_clock(const WatchTrack& track, std::span<const double> contact_unix,
                       const RunWindow& window) {
  ClockCheck c;
  const auto first = static_cast<std::int64_t>(std::ceil(window.first_unix));
  const auto last = static_cast<std::int64_t>(std::floor(window.last_unix));
  if (last <= first) return c;
  std::vector<double> insole, watch;
  std::size_t lo = 0, hi = 0;  // contacts in [s - 1.5, s + 1.5), contact_unix sorted
  for (std::int64_t s = first; s <= last; ++s) {
    const auto t = static_cast<double>(s);
    while (lo < contact_unix.size() && contact_unix[lo] < t - 1.5) ++lo;
    while (hi < contact_unix.size() && contact_unix[hi] < t + 1.5) ++hi;
    // Steps per minute from the intervals between them (a count would step by 20 per minute);
    // 0 while standing. A short window keeps a stop's edges sharp: they line up best.
    const std::size_t n = hi - lo;
    const double span = n >= 2 ? contact_unix[hi - 1] - contact_unix[lo] : 0;
    insole.push_back(span > 0 ? 60.0 * static_cast<double>(n - 1) / span : 0.0);
    const double w = at(track, t, &WatchPoint::cadence_per_min);
    watch.push_back(w);
    c.watch_has_cadence |= std::isfinite(w);
  }
  if (c.watch_has_cadence) c.offset = analysis::estimate_clock_offset(insole, watch);
  return c;
}

std::string_view clock_result_name(const ClockCheck& c) {
  if (!c.watch_has_cadence) return "no_cadence";
  switch (c.offset.result) {
    case analysis::ClockOffsetResult::kMeasured:
      return "measured";
    case analysis::ClockOffsetResult::kTooShort:
      return "too_short";
    case analysis::ClockOffsetResult::kTooSteady:
      return "too_steady";
    case analysis::ClockOffsetResult::kNoClearPeak:
      return "no_clear_peak";
  }
  return "no_clear_peak";
}

WatchImport import_watch(store::Connection& db, const WatchTrack& track,
                         const std::string& file_name, std::optional<std::int64_t> run_id) {
  const WatchTrack* use = &track;  // the track on the run's clock (moved when measured)
  if (track.points.empty()) throw WatchImportError(file_name + ": no track point with a time");
  // A run, or a file that does not say what it is; a walk too (the analysis reads walking).
  const bool on_foot = track.sport.empty() || track.sport == "running" ||
                       track.sport == "walking" || track.sport == "generic" ||
                       track.sport == "other";
  if (!on_foot)
    throw WatchImportError(file_name + " is a " + track.sport +
                           " activity, not a run: not attached");
  store::RunReader reader(db);
  const std::string span =
      clock_text(track.points.front().unix_s) + " to " + clock_text(track.points.back().unix_s) +
      " UTC on " +
      store::iso_utc(static_cast<std::int64_t>(track.points.front().unix_s * 1000)).substr(0, 10);
  // The candidates: finished, dated runs, over their recording span (cheap: no steps read).
  if (!run_id) {
    std::vector<RunWindow> windows;
    for (const auto& r : reader.runs(store::RunReader::StepCounts::kLeftOut)) {
      if (r.status == "recording" || !r.started_at || r.ended_at.empty()) continue;
      const auto a = store::parse_iso_utc(*r.started_at);
      const auto b = store::parse_iso_utc(r.ended_at);
      if (a && b) windows.push_back({r.id, *a, *b});
    }
    const auto best = match_track(track, windows);
    if (!best)
      throw WatchImportError("no recorded run overlaps " + file_name + " (its track runs " + span +
                             "); name the run: insolectl import-watch RUN FILE");
    run_id = best->run_id;
  }
  const std::string which = "run " + std::to_string(*run_id);
  const auto run = reader.run(*run_id);
  if (!run) throw WatchImportError("no run " + std::to_string(*run_id));
  if (run->status == "recording")
    throw WatchImportError(which +
                           " is still recording; attach the watch's file when it has ended");
  const auto zero = run->started_at ? store::parse_iso_utc(*run->started_at) : std::nullopt;
  if (!zero)
    throw WatchImportError(which + " has no known date, so no watch track can be matched to it");
  const auto steps = reader.steps(*run_id);
  if (steps.empty()) throw WatchImportError(which + " has no steps to match the watch's track to");
  double last_toe_off = steps.front().toe_off_s;
  std::vector<double> contacts;
  for (const auto& s : steps) {
    last_toe_off = std::max(last_toe_off, s.toe_off_s);
    contacts.push_back(*zero + s.contact_s);
  }
  std::sort(contacts.begin(), contacts.end());
  const RunWindow window{*run_id, contacts.front(), *zero + last_toe_off};
  TrackMatch m = overlap_with(track, window);
  if (m.overlap_s <= 0)
    throw WatchImportError(file_name + " (its track runs " + span + ") does not overlap " + which +
                           " (" + clock_text(window.first_unix) + " to " +
                           clock_text(window.last_unix) + " UTC)");

  WatchImport out;
  out.clock = check_clock(track, contacts, window);
  WatchTrack moved;
  if (out.clock.offset.result == analysis::ClockOffsetResult::kMeasured &&
      std::abs(out.clock.offset.offset_s) >= kClockApplyS) {
    moved = track;
    for (auto& p : moved.points) p.unix_s -= out.clock.offset.offset_s;
    use = &moved;
    out.clock.applied = true;
    m = overlap_with(moved, window);
    if (m.overlap_s <= 0)
      throw WatchImportError(file_name + " does not overlap " + which +
                             " once its clock is corrected");
  }
  store::WatchTrackRecord& t = out.track;
  t.run_id = *run_id;
  t.format = use->format;
  const auto slash = file_name.find_last_of('/');
  t.file_name = slash == std::string::npos ? file_name : file_name.substr(slash + 1);
  t.imported_at = store::iso_utc(std::chrono::system_clock::now());
  t.first_unix = use->points.front().unix_s;
  t.last_unix = use->points.back().unix_s;
  t.overlap_s = m.overlap_s;
  t.start_offset_s = m.start_offset_s;
  t.coverage = m.coverage;
  const double from = std::max(window.first_unix, t.first_unix);
  const double to = std::min(window.last_unix, t.last_unix);
  t.distance_m = distance_between(*use, from, to);
  // Every whole second the run's FIT records fall on, as far as the track reaches.
  t.samples = resample(*use, std::floor(from), std::ceil(to));
  if (std::isnan(t.distance_m)) {
    out.distance_note = "the watch's file has no distance over the run";
  } else if (m.coverage < kMinCoverageForDistance) {
    out.distance_note = "the watch recorded " + std::to_string(std::lround(m.coverage * 100)) +
                        " % of the run; its distance is kept with the track but is not the run's";
  } else {
    out.run_distance_m = t.distance_m;
  }
  store::WatchTracks(db).attach(t, out.run_distance_m);
  return out;
}

std::vector<analysis::SpeedSample> run_speed(const std::optional<store::WatchTrackRecord>& track,
                                             const std::optional<std::string>& run_started_at) {
  std::vector<analysis::SpeedSample> out;
  const auto zero = run_started_at ? store::parse_iso_utc(*run_started_at) : std::nullopt;
  if (!zero || !track) return out;
  for (const auto& s : track->samples)
    if (s.speed_mps > 0) out.push_back({static_cast<double>(s.unix_s) - *zero, s.speed_mps});
  return out;
}

std::vector<analysis::SpeedSample> run_speed(store::Connection& db, std::int64_t run_id) {
  const auto run = store::RunReader(db).run(run_id);
  if (!run || !run->started_at) return {};
  return run_speed(store::WatchTracks(db).of_run(run_id), run->started_at);
}

nlohmann::json watch_track_json(const std::optional<store::WatchTrackRecord>& track) {
  if (!track) return nullptr;
  double hr = 0;
  int n = 0;
  for (const auto& w : track->samples) {
    if (std::isnan(w.heart_rate_bpm)) continue;
    hr += w.heart_rate_bpm;
    ++n;
  }
  return {{"file", track->file_name},
          {"format", track->format},
          {"imported_at", track->imported_at},
          {"overlap_s", track->overlap_s},
          {"coverage", track->coverage},
          {"start_offset_s", track->start_offset_s},
          {"distance_km", number(track->distance_m / 1000)},
          {"samples", track->samples.size()},
          {"heart_rate_bpm", n > 0 ? number(hr / n) : nlohmann::json(nullptr)}};
}

}  // namespace insole::reports
