// Form across runs at one pace (pure). Running faster shortens ground contact and raises the
// loading rate and the cadence by itself, so a week run slower than the last is not a change in
// form. Per metric, a straight line through the runner's own runs whose speed was measured (a
// watch, a track: never the distance model, which reads speed from the steps themselves) by
// least squares; each run's value is then moved along that line to the runner's reference
// speed (the median of those runs). No published slope is used: runners differ, and insoles and
// force plates disagree on loading rate. The slope comes from the variation of pace within
// groups (weeks): each group's own mean is taken out first (a fixed-effects fit), so a change of
// form from one week to the next, which is what is looked for, does not tilt the line.
//
// Sources (docs/algorithms.md, "Form at equal pace"): contact time falls with speed (Weyand et
// al. 2000, J Appl Physiol 89:1991); vertical force and its rate of rise grow with speed (Keller
// et al. 1996, Clin Biomech 11:253); step rate rises with speed (Dorn et al. 2012, J Exp Biol
// 215:1944). Over a runner's usual endurance paces the change is close to linear, so only
// speeds within the range the runner actually ran are adjusted (no extrapolation).
#ifndef INSOLE_ANALYSIS_PACE_MODEL_H_
#define INSOLE_ANALYSIS_PACE_MODEL_H_

#include <cstddef>
#include <limits>
#include <span>
#include <vector>

namespace insole::analysis {

// A line needs runs at different paces: at least this many with a measured speed in groups of
// two or more, whose fastest is at least kMinPaceSpread faster than the slowest (relative to
// the reference).
inline constexpr std::size_t kMinPaceRuns = 6;
inline constexpr double kMinPaceSpread = 0.10;

struct PacedRun {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double speed_mps = kNaN;  // measured; NaN: unknown (the run is not adjusted)
  double value = kNaN;      // the metric's run value; NaN: unknown
  int group = 0;            // runs of one group (a week) share their form
};

struct PaceLine {
  bool fitted = false;          // false: too few runs, or too little spread of pace
  std::size_t runs = 0;         // runs with both a measured speed and a value
  std::size_t runs_within = 0;  // of those, in groups of two or more (the slope's runs)
  double reference_mps = PacedRun::kNaN;
  double min_mps = PacedRun::kNaN, max_mps = PacedRun::kNaN;
  double slope_per_mps = PacedRun::kNaN;  // metric units per m/s
  double slope_ci_low = PacedRun::kNaN;   // its 95 % interval (Student t, n - groups - 1)
  double slope_ci_high = PacedRun::kNaN;
};

// The line through `runs` (any order) with the reference speed; `reference_mps` NaN: the
// median of the runs' measured speeds.
PaceLine fit_pace_line(std::span<const PacedRun> runs, double reference_mps = PacedRun::kNaN);

// Each run's value at the line's reference speed: NaN when the line is not fitted, the run's
// speed or value is unknown, or its speed lies outside the line's range.
std::vector<double> at_reference_pace(const PaceLine& line, std::span<const PacedRun> runs);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_PACE_MODEL_H_
