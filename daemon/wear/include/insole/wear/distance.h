// Distance of a run estimated from its steps (pure; docs/shoe-wear.md).
//
// Speed from contact time. The distance the body travels while a foot is on the ground, the
// contact length Lc = v * tc, is nearly constant for a runner (Kram & Taylor 1990, Nature
// 346:265), so speed varies inversely with contact time (Weyand et al. 2000, J Appl Physiol
// 89:1991). Lc grows slowly with speed; the model keeps that growth as an offset:
//
//     tc = t0 + L / v   <=>   v = L / (tc - t0)
//
// with L = 0.50 m and t0 = 0.10 s for a 1.75 m runner, which reproduces the published contact
// times of recreational runners: 0.25 s at 3.3 m/s and 0.20 s at 5 m/s (Nummela et al. 2007,
// Int J Sports Med 28:655). L scales with body height (leg length ~0.53 x height, dynamic
// similarity). Each step then covers v x (its contact time + the following flight time), i.e.
// v times the interval to the next contact of either foot, so cadence enters through the step
// times. A per-runner factor, from runs whose distance the runner measured, absorbs the rest.
#ifndef INSOLE_WEAR_DISTANCE_H_
#define INSOLE_WEAR_DISTANCE_H_

#include <cstddef>
#include <span>
#include <vector>

#include "insole/analysis/step.h"

namespace insole::wear {

struct SpeedModel {
  double contact_length_m = 0.50;    // L at the reference height
  double contact_offset_s = 0.10;    // t0
  double reference_height_m = 1.75;  // the height L and t0 describe
  double body_height_m = 1.75;       // the runner's; scales L
  double runner_factor = 1.0;        // calibration (calibration_factor())
  // A gap between successive contacts longer than this is a pause (standing, a lost step), not
  // running: it adds no distance.
  double max_step_interval_s = 1.0;
  // Contact times are clamped to at least t0 + this before dividing (sprint-like 0.13 s).
  double min_excess_s = 0.03;
};

double speed_from_contact_time(double contact_time_s, const SpeedModel& model);

struct DistanceEstimate {
  double distance_m = 0;
  double moving_time_s = 0;   // sum of the step intervals counted
  double mean_speed_mps = 0;  // distance_m / moving_time_s (0 if none)
  std::size_t steps_used = 0;
};

// Steps of both feet in any order (they are sorted by contact time).
DistanceEstimate estimate_distance(std::vector<analysis::Step> steps, const SpeedModel& model);

// One run with a distance the runner measured, and the model's estimate with runner_factor 1.
struct CalibrationRun {
  double estimated_m = 0;
  double measured_m = 0;
};
// The factor that makes the estimates add up to the measured distances (ratio of sums: long
// runs weigh more); 1 when there is nothing to calibrate with.
double calibration_factor(std::span<const CalibrationRun> runs);

}  // namespace insole::wear

#endif  // INSOLE_WEAR_DISTANCE_H_
