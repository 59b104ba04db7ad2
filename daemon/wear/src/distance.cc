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

double calibration_factor(std::span<const CalibrationRun> runs) {
  double estimated = 0, measured = 0;
  for (const CalibrationRun& r : runs) {
    if (!(r.estimated_m > 0) || !(r.measured_m > 0)) continue;
    estimated += r.estimated_m;
    measured += r.measured_m;
  }
  return estimated > 0 ? measured / estimated : 1.0;
}

}  // namespace insole::wear
