// A shoe as the wear model sees it (docs/shoe-wear.md): its runs in order, the distance each
// added, and the cushioning assessment; read from the database, shared by `insolectl shoes` and
// the web dashboard.
#ifndef INSOLE_REPORTS_SHOE_WEAR_H_
#define INSOLE_REPORTS_SHOE_WEAR_H_

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "insole/reports/run_digest.h"
#include "insole/store/records.h"
#include "insole/store/run_reader.h"
#include "insole/store/shoes.h"
#include "insole/wear/distance.h"
#include "insole/wear/wear_model.h"

namespace insole::reports {

// The wear model's view of a shoe: its runs, distances and the assessment.
struct ShoeRun {
  store::ShoeRunRecord record;
  wear::RunLoad load;
  double shoe_km_at_middle = 0;
  // The run's measured distance against its own duration and cadence; when implausible the
  // measurement is kept in the database but not used (the estimate counts instead).
  wear::MeasuredDistanceCheck distance_check;
  wear::RunTiming timing;
  bool distance_quarantined() const { return record.distance_m > 0 && !distance_check.plausible(); }
};
struct ShoeWear {
  double runner_factor = 1;
  std::size_t calibration_runs = 0;
  std::vector<ShoeRun> runs;
  double distance_km = 0;
  wear::WearAssessment assessment;
  std::vector<std::int64_t> outlier_runs;  // left out of either trend (wear::MetricTrend)
  std::string message;                     // wear_message(assessment, outlier_runs)
};

// The assessment in a sentence for the runner, e.g. "Likely worn, not yet certain: peak force
// +11.0% (95% CI -2.1% to +25.9%) since new, past the +5.0% limit; ...". outlier_runs: run ids
// the trend left out, named at the end.
std::string wear_message(const wear::WearAssessment& assessment,
                         const std::vector<std::int64_t>& outlier_runs = {},
                         const wear::WearConfig& config = {});

// One run with a measured distance, as the runner's calibration sees it.
struct CalibrationEntry {
  store::ShoeRunRecord record;
  double estimated_m = 0;  // the uncalibrated model's estimate
  wear::RunTiming timing;
  wear::MeasuredDistanceCheck check;
  bool used = false;  // plausible and with an estimate
};
struct RunnerCalibration {
  wear::SpeedModel model;  // runner_factor set
  wear::Calibration calibration;
  std::vector<CalibrationEntry> runs;  // every run with a measured distance, in start order
};
// The runner's calibration from every run with a measured distance (any shoe), leaving out
// measurements that do not fit their run's duration and cadence (wear::check_measured_distance)
// and holding the factor within wear::CalibrationBounds.
RunnerCalibration runner_calibration(store::Connection& db);
// runner_calibration(...).model; *used (if given) gets the number of runs it used.
wear::SpeedModel calibrated_model(store::Connection& db, std::size_t* used);

// Why a measured distance is not believed, in words ("10.000 km in 20 s is 1800.0 km/h; running
// is 2-25 km/h"); empty when it is plausible.
std::string distance_problem(const wear::MeasuredDistanceCheck& check, double measured_m,
                             const wear::RunTiming& timing);
// The calibration as JSON: factor, unbounded_factor, bounded, runs_used and per run "run",
// "started_at", "measured_km", "estimated_km", "used", "check", "problem" (null when used).
nlohmann::json calibration_json(const RunnerCalibration& calibration);
// Runs still recording are left out (counted once they end).
ShoeWear shoe_wear(store::Connection& db, const store::ShoeRecord& shoe,
                   const wear::SpeedModel& model);

// The shoe a run was run in, as the run's summary and report state it: its distance now and its
// wear verdict, with a finding and advice when it is worn or nearing its limit.
struct RunShoe {
  store::ShoeRecord shoe;
  ShoeWear wear;
};
// nullopt for no shoe (0) or an unknown one.
std::optional<RunShoe> run_shoe(store::Connection& db, std::int64_t shoe_id);
// Findings a runner reads after a run: for replace_soon, likely_worn and replace (code
// "shoe_wear", metric the one that decided, side empty); nullopt otherwise.
std::optional<store::AlertRecord> shoe_finding(const RunShoe& shoe);
// {"id","name","distance_km","verdict","decided_by","remaining_km","message"}.
nlohmann::json run_shoe_json(const RunShoe& shoe);

// A run's distance and pace, with where they came from.
struct RunDistance {
  std::string source = "none";  // measured | calibrated_model | uncalibrated_model | none (no
                                // steps)
  double distance_m = 0;
  double moving_time_s = 0;  // running time, pauses excluded (wear::estimate_distance)
  double pace_s_per_km = 0;  // moving time per km; 0 when unknown
  double runner_factor = 1;  // the distance model's calibration used
  // A measured distance that does not fit the run (kept, not used); empty when none.
  std::string measured_problem;
};
RunDistance run_distance(store::Connection& db, std::int64_t run_id);
// The same with the runner's calibration worked out once (lists of runs).
RunDistance run_distance(store::Connection& db, const RunnerCalibration& calibration,
                         std::int64_t run_id);
// ... and with the run's digest already read (nullptr: the run has none).
RunDistance run_distance(const RunDigest* digest, const RunnerCalibration& calibration,
                         std::int64_t run_id);
// {"km","source","pace_s_per_km","moving_time_s","runner_factor","measured_problem"}; numbers
// null when unknown.
nlohmann::json run_distance_json(const RunDistance& distance);
// "3.02 km, pace 4:58 /km (uncalibrated model: ...)" for a runner.
std::string run_distance_text(const RunDistance& distance, std::int64_t run_id);

// A distance for a runner, with the precision it deserves: "0.10 km", "3.25 km", "540 km";
// "0 km" for none, "-" when unknown.
std::string km_text(double km);
// "1 run", "3 runs".
std::string count_text(std::size_t n, const std::string& one, const std::string& many);

nlohmann::json shoe_json(const store::ShoeRecord& shoe, double distance_km);
nlohmann::json trend_json(const wear::MetricTrend& trend);

// Every shoe with its wear assessment and per-run points for a chart (docs/web.md /api/shoes).
nlohmann::json shoes_json(store::Connection& db);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_SHOE_WEAR_H_
