#include "insole/wear/distance.h"

#include <algorithm>
#include <cmath>

namespace insole::wear {

double speed_from_contact_time(double contact_time_s, const SpeedModel& m) {
  const double length = m.contact_length_m * m.body_height_m / m.reference_height_m;
  const double excess = std::max(contact_time_s - m.contact_offset_s, m.min_excess_s);
  return m.runner_factor * length / excess;
}

DistanceEstimate estimate_distance(std::vector<analysis::Step> steps, const SpeedModel& model) {
  std::sort(steps.begin(), steps.end(), [](const analysis::Step& a, const analysis::Step& b) {
    return a.contact_s < b.contact_s;
  });
  DistanceEstimate out;
  for (std::size_t i = 0; i + 1 < steps.size(); ++i) {
    const double dt = steps[i + 1].contact_s - steps[i].contact_s;
    const double tc = steps[i].contact_time_s();
    if (!(dt > 0) || dt > model.max_step_interval_s || !(tc > 0)) continue;
    out.distance_m += speed_from_contact_time(tc, model) * dt;
    out.moving_time_s += dt;
    ++out.steps_used;
  }
  if (out.moving_time_s > 0) out.mean_speed_mps = out.distance_m / out.moving_time_s;
  return out;
}

RunTiming run_timing(const std::vector<analysis::Step>& steps, const SpeedModel& model) {
  RunTiming out;
  if (steps.empty()) return out;
  double first = steps.front().contact_s, last = steps.front().toe_off_s;
  std::size_t left = 0, right = 0;
  for (const analysis::Step& s : steps) {
    first = std::min(first, s.contact_s);
    last = std::max({last, s.toe_off_s, s.contact_s});
    ++(s.side == analysis::Side::kLeft ? left : right);
  }
  out.duration_s = last - first;
  out.moving_time_s = estimate_distance(steps, model).moving_time_s;
  out.strides = std::max(left, right);
  return out;
}

std::string_view name(DistanceCheck check) {
  switch (check) {
    case DistanceCheck::kPlausible:
      return "plausible";
    case DistanceCheck::kNoSteps:
      return "no_steps";
    case DistanceCheck::kTooFast:
      return "too_fast";
    case DistanceCheck::kTooSlow:
      return "too_slow";
    case DistanceCheck::kStrideTooLong:
      return "stride_too_long";
  }
  return "?";
}

MeasuredDistanceCheck check_measured_distance(double measured_m, const RunTiming& timing,
                                              const PlausibleRunning& running) {
  MeasuredDistanceCheck out;
  if (timing.strides == 0 || !(timing.duration_s > 0)) {
    out.result = DistanceCheck::kNoSteps;
    return out;
  }
  const double fastest_reading = measured_m / timing.duration_s;
  if (fastest_reading > running.max_speed_mps) {
    out = {DistanceCheck::kTooFast, fastest_reading, running.max_speed_mps};
    return out;
  }
  const double stride = measured_m / static_cast<double>(timing.strides);
  if (stride > running.max_stride_m) {
    out = {DistanceCheck::kStrideTooLong, stride, running.max_stride_m};
    return out;
  }
  if (timing.moving_time_s > 0) {
    const double slowest_reading = measured_m / timing.moving_time_s;
    if (slowest_reading < running.min_speed_mps) {
      out = {DistanceCheck::kTooSlow, slowest_reading, running.min_speed_mps};
    }
  }
  return out;
}

Calibration calibrate(std::span<const CalibrationRun> runs, const CalibrationBounds& bounds) {
  Calibration out;
  double estimated = 0, measured = 0;
  for (const CalibrationRun& r : runs) {
    if (!(r.estimated_m > 0) || !(r.measured_m > 0)) continue;
    estimated += r.estimated_m;
    measured += r.measured_m;
    ++out.runs_used;
  }
  if (!(estimated > 0)) return out;
  out.unbounded_factor = measured / estimated;
  out.factor = std::clamp(out.unbounded_factor, bounds.min_factor, bounds.max_factor);
  out.bounded = out.factor != out.unbounded_factor;
  return out;
}

double calibration_factor(std::span<const CalibrationRun> runs) { return calibrate(runs).factor; }

}  // namespace insole::wear
