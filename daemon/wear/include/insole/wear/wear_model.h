// Shoe wear from measured cushioning (pure; docs/shoe-wear.md).
//
// Per run: the median peak force and median loading rate of its steps, divided by body weight
// (from the body mass when known, else from the impulse balance: over steady running the feet
// deliver body weight x time, so BW = sum of step impulses / running time). Per shoe: each run's
// log value is regressed (ordinary least squares) on the shoe's cumulative distance at the
// middle of the run, with log speed as a covariate when the runs' speeds vary (peak force and
// loading rate rise with speed; the elasticity is fitted from the runner's own runs):
//
//     ln y = a + b * d_km + c * (ln v - mean ln v)
//
// so the change since the shoe was new (d = 0) is exp(b D) - 1 at distance D, with a 95%
// interval from Student's t on b. A metric's remaining distance is where the fitted change
// reaches its threshold: peak force +5% (the mean rise real runners' shoes showed after 500 km,
// Footwear Science 2010, doi:10.1080/19424280.2010.519348) or loading rate +10%. Codes and
// numbers only: the words a runner reads are daemon/reports' (reports/shoe_wear.h).
#ifndef INSOLE_WEAR_WEAR_MODEL_H_
#define INSOLE_WEAR_WEAR_MODEL_H_

#include <cstddef>
#include <limits>
#include <span>
#include <string_view>
#include <vector>

#include "insole/analysis/step.h"
#include "insole/wear/distance.h"

namespace insole::wear {

inline constexpr double kGravity = 9.80665;
inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
inline constexpr double kInfinity = std::numeric_limits<double>::infinity();

// What the wear model keeps of one run.
struct RunLoad {
  double distance_m = 0;  // measured when given, else estimated
  bool distance_measured = false;
  double speed_mps = 0;      // mean: the measured distance over the running time, else the model's
  double body_weight_n = 0;  // from body mass, else the impulse balance
  bool body_weight_from_mass = false;
  double peak_force_bw = kNaN;          // median over steps, body weights
  double loading_rate_bw_per_s = kNaN;  // median over steps, body weights per second
  std::size_t steps = 0;
  bool usable() const { return steps > 0 && peak_force_bw > 0 && loading_rate_bw_per_s > 0; }
};

// A run's steps reduced to what the distance and wear models need of them, computed with the
// model's runner_factor set to 1 so it holds for every calibration of the runner (kept once per
// run, reports/run_digest.h): speed and distance scale with runner_factor, nothing else depends
// on it. Valid for models that differ from the one digested with in runner_factor only.
struct StepsDigest {
  DistanceEstimate plain;             // estimate_distance(steps, model with runner_factor 1)
  RunTiming timing;                   // run_timing(steps, the same)
  double impulse_body_weight_n = 0;   // the impulse balance (0: no counted interval)
  double median_peak_force_n = kNaN;  // over steps with a peak force
  double median_loading_rate_n_per_s = kNaN;  // over steps with a loading rate
  std::size_t load_steps = 0;  // min(steps with a peak force, steps with a loading rate)
};
StepsDigest digest_steps(const std::vector<analysis::Step>& steps, const SpeedModel& model = {});
// The distance estimate of a digested run under `model` (its runner_factor applied).
DistanceEstimate estimate_distance(const StepsDigest& digest, const SpeedModel& model);

// body_mass_kg and measured_distance_m: NaN when unknown.
RunLoad run_load(const StepsDigest& digest, const SpeedModel& model, double body_mass_kg = kNaN,
                 double measured_distance_m = kNaN);
RunLoad run_load(const std::vector<analysis::Step>& steps, const SpeedModel& model,
                 double body_mass_kg = kNaN, double measured_distance_m = kNaN);

// One run of a shoe as the trend sees it.
struct RunObservation {
  double distance_km = 0;  // the shoe's distance at the middle of this run
  double speed_mps = 0;
  double peak_force_bw = 0;
  double loading_rate_bw_per_s = 0;
};

struct WearConfig {
  // A run whose residual from the first fit exceeds this many robust standard deviations
  // (1.4826 x the median absolute deviation, at least outlier_floor in ln units) is left out of
  // the trend: one odd run (someone else in the shoes, an insole fault) must not decide it. At
  // most a fifth of the runs are left out.
  double outlier_sigmas = 3.5;
  double outlier_floor = 0.005;
  double peak_force_threshold_pct = 5.0;
  double loading_rate_threshold_pct = 10.0;
  std::size_t min_runs = 5;
  double min_span_km = 30.0;       // between the first and last run measured
  double speed_min_cv = 0.02;      // fit the speed covariate when speeds vary more than this
  double replace_soon_km = 100.0;  // remaining distance that earns "replace soon"
};

struct MetricTrend {
  bool estimable = false;
  double threshold_pct = 0;
  double per_100km_pct = kNaN;  // fitted change per 100 km, with its 95% interval
  double per_100km_low_pct = kNaN;
  double per_100km_high_pct = kNaN;
  double change_pct = kNaN;  // since new (0 km) at the shoe's current distance, 95% interval
  double change_low_pct = kNaN;
  double change_high_pct = kNaN;
  bool rising = false;  // the interval of the slope lies above zero
  // Distance left until the fitted change reaches the threshold: 0 when reached, infinity
  // when the metric is not rising. low/high: from the slope's interval (high is infinity when
  // the interval includes zero).
  double remaining_km = kInfinity;
  double remaining_low_km = kInfinity;
  double remaining_high_km = kInfinity;
  double speed_elasticity = kNaN;  // d ln y / d ln v fitted (NaN when speed was not used)
  // Runs left out as outliers: indices into the runs given to assess_wear.
  std::vector<std::size_t> outliers;
};

// kLikelyWorn: the fitted change has reached the threshold but its interval still reaches below
// it ("likely worn, not yet certain"); kReplace: the whole interval is at or past the threshold.
// A verdict never contradicts its estimate: kNoChange only when the fitted change is below the
// threshold.
enum class Verdict { kNotEnoughData, kNoChange, kWearing, kReplaceSoon, kLikelyWorn, kReplace };
std::string_view name(Verdict verdict);  // not_enough_data | no_change | wearing | replace_soon
                                         // | likely_worn | replace

// Which metric decided the verdict.
enum class Metric { kNone, kPeakForce, kLoadingRate };
std::string_view name(Metric metric);  // none | peak_force | loading_rate

struct WearAssessment {
  double distance_km = 0;  // current distance of the shoe (starting distance included)
  std::size_t runs_used = 0;
  double span_km = 0;  // between the first and last run used
  MetricTrend peak_force;
  MetricTrend loading_rate;
  Verdict verdict = Verdict::kNotEnoughData;
  Metric decided_by = Metric::kNone;
  // kNotEnoughData with enough runs: the runs do not determine a trend (e.g. all at one point).
  bool undetermined = false;
  double remaining_km = kInfinity;  // the sooner of the two metrics (infinity: no estimate)
  double remaining_low_km = kInfinity;
  double remaining_high_km = kInfinity;
  const MetricTrend& trend(Metric metric) const {
    return metric == Metric::kLoadingRate ? loading_rate : peak_force;
  }
};

// runs: in any order. current_distance_km: the shoe's distance now.
WearAssessment assess_wear(std::span<const RunObservation> runs, double current_distance_km,
                           const WearConfig& config = {});

// Ordinary least squares of y on the columns of x plus an intercept; what assess_wear uses,
// exposed for tests. Returns coefficient, standard error and residual degrees of freedom of
// column `of` (0-based, excluding the intercept); se NaN when degenerate.
struct Coefficient {
  double value = kNaN;
  double se = kNaN;
  double df = 0;
};
Coefficient least_squares(std::span<const std::vector<double>> x, std::span<const double> y,
                          std::size_t of);

}  // namespace insole::wear

#endif  // INSOLE_WEAR_WEAR_MODEL_H_
