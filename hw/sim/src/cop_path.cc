#include "insole/hw/sim/cop_path.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace insole::hw::sim {
namespace {

constexpr double kCpeiFraction = 2.0 / 3.0;  // y* / L
constexpr double kForefootMargin = 0.03;     // start_v at or beyond y* - this: forefoot path

// The quadratic in s through (0, at_start), (0.5, at_mid), (1, at_end).
double through_waypoints(double s, double at_start, double at_mid, double at_end) {
  return at_start * (1 - s) * (1 - 2 * s) + at_mid * 4 * s * (1 - s) + at_end * s * (2 * s - 1);
}

}  // namespace

CopPoint cop_on_path(const CopPathParams& p, double tau) {
  const double s = std::clamp((tau - p.tau_start) / (p.tau_end - p.tau_start), 0.0, 1.0);
  double u, v;
  if (p.shape == CopPathShape::kWaypoints) {
    u = through_waypoints(s, p.start_u, p.mid_u, p.toe_off_u);
    v = through_waypoints(s, p.start_v, p.mid_v, p.toe_off_v);
  } else if (p.start_v < kCpeiFraction - kForefootMargin) {
    const auto logistic = [&p](double x) {
      return 1.0 / (1.0 + std::exp(-p.progress_steepness * (x - p.progress_centre)));
    };
    const double l0 = logistic(0.0);
    const double progress = (logistic(s) - l0) / (logistic(1.0) - l0);
    v = p.start_v + (p.toe_off_v - p.start_v) * progress;
    const double line = p.start_u + (p.toe_off_u - p.start_u) * progress;
    double bulge;
    if (v <= kCpeiFraction) {
      bulge = std::sin(0.5 * std::numbers::pi * (v - p.start_v) / (kCpeiFraction - p.start_v));
    } else {
      bulge = std::sin(0.5 * std::numbers::pi * (p.toe_off_v - v) / (p.toe_off_v - kCpeiFraction));
    }
    u = line - p.cpei * std::max(bulge, 0.0);
  } else {
    v = through_waypoints(s, p.start_v, p.mid_v, p.toe_off_v);
    u = p.start_u + (p.toe_off_u - p.start_u) * s - p.cpei * std::sin(std::numbers::pi * s);
  }
  return CopPoint{(u + p.medial_shift_u) * p.foot_width_mm, v * p.foot_length_mm};
}

double cpei_pct(std::span<const CopPoint> path, double foot_length_mm, double foot_width_mm) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (path.size() < 2 || !(foot_length_mm > 0) || !(foot_width_mm > 0)) return nan;
  const double y_star = kCpeiFraction * foot_length_mm;
  const CopPoint& first = path.front();
  const CopPoint& last = path.back();
  if (first.y_mm >= y_star || last.y_mm <= first.y_mm) return nan;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const CopPoint& a = path[i - 1];
    const CopPoint& b = path[i];
    if (a.y_mm < y_star && b.y_mm >= y_star) {
      const double f = (y_star - a.y_mm) / (b.y_mm - a.y_mm);
      const double x_path = a.x_mm + f * (b.x_mm - a.x_mm);
      const double g = (y_star - first.y_mm) / (last.y_mm - first.y_mm);
      const double x_line = first.x_mm + g * (last.x_mm - first.x_mm);
      return (x_line - x_path) / foot_width_mm * 100.0;
    }
  }
  return nan;
}

}  // namespace insole::hw::sim
