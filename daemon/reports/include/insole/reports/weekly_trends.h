// Each back-pain factor week by week (issue 18), from the runs' kept digests: what `insolectl
// trends` and the dashboard's runner page show. Pure over the digests and the runner's
// calibration (no database).
//
// Weeks are ISO 8601 weeks in UTC (Monday 00:00). Runs of unknown date, or still recording, are
// left out (and counted). Per week: runs, distance (measured where set, else the calibrated
// model: "estimated" when any run's was) and running time; cadence as the runs' mean weighted
// by duration; per foot the flat-landing share (mean of runs), the pronation index (median of
// runs' medians) and loading rate (mean of runs); impulse asymmetry (mean SI of the runs whose
// SI was not withheld, and whether each run's interval excluded zero on that side); the runs whose
// form changed late (of those judged); training-load spikes (analysis/training_load.h, with the
// runs of the 30 days before each run). Over all the kept runs: cadence coaching (loading rate
// in body weights from each run's impulse balance, speed from its distance).
// Pace: a week's pace from its runs with a measured distance (never the model's, which reads
// speed from the steps), and contact time, loading rate and cadence at the runner's reference
// pace (analysis/pace_model.h: a line per metric through the kept runs with a measured speed;
// each run's value moved along it; the week's mean of those runs), so a slower week is not read
// as a change in form. Unknown (NaN) while too few runs at different measured paces exist.
#ifndef INSOLE_REPORTS_WEEKLY_TRENDS_H_
#define INSOLE_REPORTS_WEEKLY_TRENDS_H_

#include <array>
#include <cstddef>
#include <map>
#include <nlohmann/json.hpp>
#include <span>
#include <string>
#include <vector>

#include "insole/analysis/cadence_coaching.h"
#include "insole/analysis/pace_model.h"
#include "insole/reports/run_digest.h"
#include "insole/reports/shoe_wear.h"

namespace insole::reports {

// One left/right difference over a week's runs: the mean of the runs' SI (those not withheld);
// its 95 % interval across the runs (Student t over the runs' SIs; with one run, that run's own
// interval); and whether every run's own interval lay wholly on the mean's side of zero.
struct WeekAsymmetry {
  double si_pct = wear::kNaN;
  double ci_low_pct = wear::kNaN;
  double ci_high_pct = wear::kNaN;
  bool every_run = false;
  int runs = 0;
};

struct WeekTrend {
  std::string week;
  std::map<std::string, int> surfaces;  // runs per surface said ("" when none)     // "2026-W49"
  double monday_s = 0;                  // the week's start, Unix seconds UTC
  int runs = 0;
  double km = 0;
  bool km_estimated = false;  // some run's distance came from the model
  double running_s = 0;
  double cadence_spm = wear::kNaN;
  double pace_s_per_km = wear::kNaN;    // over the runs with a measured distance
  int paced_runs = 0;                   // runs with a measured distance (and so a speed)
  double contact_time_ms = wear::kNaN;  // mean of the runs' (both feet's mean)
  // At the reference pace (WeeklyTrends::pace_lines), indexed by PaceMetric; mean over the
  // week's runs that could be moved there.
  std::array<double, 3> at_pace{wear::kNaN, wear::kNaN, wear::kNaN};
  int at_pace_runs = 0;
  std::array<double, 2> flat_pct{wear::kNaN, wear::kNaN};  // [left, right]
  std::array<double, 2> pronation_index{wear::kNaN, wear::kNaN};
  std::array<double, 2> loading_rate_n_per_s{wear::kNaN, wear::kNaN};
  double impulse_si_pct = wear::kNaN;
  // Every run of the week with an impulse SI had its 95 % interval wholly on the side of the
  // week's mean (a difference each run showed, not noise averaged into a number).
  bool impulse_si_every_run = false;
  // Every metric of analysis/metric.h's kAsymmetryMetrics, in that order (impulse included).
  std::array<WeekAsymmetry, 4> asymmetry;
  int late_run_judged = 0, late_run_changed = 0;
  int load_spikes = 0;
};

// What is compared at equal pace: both feet's mean contact time (ms) and loading rate (N/s), and
// the cadence (steps/min).
enum class PaceMetric { kContactTime, kLoadingRate, kCadence };
inline constexpr std::array<const char*, 3> kPaceMetricNames{"contact_time_ms",
                                                             "loading_rate_n_per_s", "cadence_spm"};

struct WeeklyTrends {
  std::vector<WeekTrend> weeks;  // oldest first; weeks without runs are left out
  int undated_runs = 0;          // left out: no date
  std::string surface;           // the runs kept were tagged with this (empty: every run)
  int other_surface_runs = 0;    // left out: another surface, or none said
  // Cadence coaching over the kept runs in date order (analysis/cadence_coaching.h), and the
  // start day (YYYY-MM-DD, UTC) of each run its indices name.
  analysis::CadenceCoaching cadence;
  std::vector<std::string> cadence_run_days;
  // Per PaceMetric, the line through the kept runs with a measured speed.
  std::array<analysis::PaceLine, 3> pace_lines;
};

// `surface` non-empty: only runs tagged with it, so a week compares like with like (the
// training-load spikes still weigh every run: load is load, whatever the surface).
WeeklyTrends weekly_trends(std::span<const DigestedRun> runs, const RunnerCalibration& calibration,
                           std::string_view surface = {});

// {"api":1,"weeks":[...],"undated_runs":N,"note":...}; numbers null when unknown.
nlohmann::json weekly_trends_json(const WeeklyTrends& trends);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_WEEKLY_TRENDS_H_
