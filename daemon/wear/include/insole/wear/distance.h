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
#include <string_view>
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

// What a run's own steps say about its time and cadence, independent of any speed model.
struct RunTiming {
  double duration_s = 0;     // first contact to last toe-off, pauses included
  double moving_time_s = 0;  // the step intervals counted as running (pauses excluded)
  std::size_t strides = 0;   // steps of the foot with more of them (one-foot runs count too)
};
RunTiming run_timing(const std::vector<analysis::Step>& steps, const SpeedModel& model);

// Plausible running, against which a measured distance is checked: 2-25 km/h (a slow walk to
// faster than a world-class 5000 m) and at most 5 m per stride (one foot's contact to its next:
// 25 km/h at 83 strides a minute, a lower cadence than any runner's at that speed).
struct PlausibleRunning {
  double min_speed_mps = 2.0 / 3.6;
  double max_speed_mps = 25.0 / 3.6;
  double max_stride_m = 5.0;
};

enum class DistanceCheck {
  kPlausible,
  kNoSteps,        // the run has no steps: nothing to check the distance against
  kTooFast,        // distance / duration above max_speed_mps
  kTooSlow,        // distance / moving time below min_speed_mps
  kStrideTooLong,  // distance / strides above max_stride_m
};
std::string_view name(DistanceCheck check);  // plausible | no_steps | too_fast | too_slow |
                                             // stride_too_long

struct MeasuredDistanceCheck {
  DistanceCheck result = DistanceCheck::kPlausible;
  double value = 0;  // the speed (m/s) or stride (m) the distance implies, for the failed check
  double limit = 0;  // the bound it breaks, same unit
  bool plausible() const { return result == DistanceCheck::kPlausible; }
};
// A distance measured for a run (GPS, a track) against the run's own duration and cadence: too
// fast is judged over the whole duration (the slowest reading of the distance), too slow over
// the moving time (the fastest), so pauses never make a true distance implausible.
MeasuredDistanceCheck check_measured_distance(double measured_m, const RunTiming& timing,
                                              const PlausibleRunning& running = {});

// One run with a distance the runner measured, and the model's estimate with runner_factor 1.
struct CalibrationRun {
  double estimated_m = 0;
  double measured_m = 0;
};
// Between runners contact length varies by 10-20 % (docs/shoe-wear.md); a factor outside these
// bounds says more about the measurements than about the runner, so it is held at the bound.
struct CalibrationBounds {
  double min_factor = 2.0 / 3.0;
  double max_factor = 1.5;
};
struct Calibration {
  double factor = 1.0;            // what the model uses: the ratio within the bounds
  double unbounded_factor = 1.0;  // sum measured / sum estimated
  bool bounded = false;           // the ratio was outside the bounds
  std::size_t runs_used = 0;
};
// The factor that makes the estimates add up to the measured distances (ratio of sums: long
// runs weigh more), held within the bounds; 1 when there is nothing to calibrate with. The
// caller leaves out runs whose measured distance is implausible (check_measured_distance).
Calibration calibrate(std::span<const CalibrationRun> runs, const CalibrationBounds& bounds = {});
double calibration_factor(std::span<const CalibrationRun> runs);  // calibrate(runs).factor

}  // namespace insole::wear

#endif  // INSOLE_WEAR_DISTANCE_H_
