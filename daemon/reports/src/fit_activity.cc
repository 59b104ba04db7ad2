#include "insole/reports/fit_activity.h"

#include <string>

#include "insole/analysis/gait_analyzer.h"
#include "insole/paths/install_paths.h"
#include "insole/reports/shoe_wear.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_reader.h"
#include "insole/store/shoes.h"
#include "insole/store/step_rows.h"
#include "insole/store/watch_tracks.h"
#include "insole/wear/wear_model.h"

namespace insole::reports {

namespace an = insole::analysis;

std::optional<fit::Activity> fit_activity(store::Connection& db, std::int64_t run_id) {
  store::RunReader reader(db);
  const auto run = reader.run(run_id);
  if (!run) return std::nullopt;
  const std::string which = "run " + std::to_string(run_id);
  if (run->status == "recording")
    throw FitExportError(which + " is still recording; export it when it has ended");
  const auto zero = run->started_at ? store::parse_iso_utc(*run->started_at) : std::nullopt;
  if (!zero)
    throw FitExportError(which +
                         " has no known date (recorded on the insole in a boot no PC saw); a FIT "
                         "file needs the time of day of every second");
  fit::Activity a;
  a.clock_zero_unix_s = *zero;
  a.steps = store::analysed_steps(reader.steps(run_id));
  if (a.steps.empty()) throw FitExportError(which + " has no steps: nothing to export");
  a.surface = run->surface;

  const an::GaitSummary gait = an::summarize(a.steps, an::GaitConfig{});
  a.cadence_spm = gait.cadence_spm;
  std::size_t flat = 0;
  for (const auto& s : a.steps) flat += s.flat_foot ? 1 : 0;
  a.flat_share_pct = 100.0 * static_cast<double>(flat) / static_cast<double>(a.steps.size());
  const an::Asymmetry& impulse = gait.asymmetry[1];  // kAsymmetryMetrics: impulse
  if (!impulse.withheld) a.impulse_asymmetry_pct = impulse.si_pct;
  const an::FootSummary& left = gait.feet[0];
  const an::FootSummary& right = gait.feet[1];
  if (left.steps > 0) {
    a.strike_left = an::name(left.strike);
    a.pronation_left = an::name(left.pronation);
  }
  if (right.steps > 0) {
    a.strike_right = an::name(right.strike);
    a.pronation_right = an::name(right.pronation);
  }

  store::ShoeStore shoes(db);
  if (const auto record = shoes.run_record(run_id)) a.body_mass_kg = record->body_mass_kg;
  const RunDistance distance = run_distance(db, run_id);
  if (distance.source == "measured") {
    a.measured_distance_m = distance.distance_m;
    a.moving_time_s = distance.moving_time_s;
  } else if (distance.source != "none") {
    a.estimated_distance_m = distance.distance_m;
    a.estimate_source = distance.source;
  }
  if (const auto shoe = run_shoe(db, run->shoe_id)) {
    a.shoe_id = shoe->shoe.id;
    a.shoe_km = shoe->wear.distance_km;
    a.shoe_verdict = wear::name(shoe->wear.assessment.verdict);
  }
  if (const auto track = store::WatchTracks(db).of_run(run_id)) {
    // A measured distance that does not fit the run is not used anywhere: apps would show the
    // watch's per-second distance and speed as fact, so they are left out with it.
    const bool distance_trusted = distance.measured_problem.empty();
    for (const auto& w : track->samples)
      a.watch.push_back({w.unix_s, distance_trusted ? w.distance_m : fit::Activity::kNaN,
                         distance_trusted ? w.speed_mps : fit::Activity::kNaN, w.altitude_m,
                         w.heart_rate_bpm});
  }
  a.software_version_x100 = static_cast<std::uint16_t>(paths::kVersionX100);
  return a;
}

}  // namespace insole::reports
