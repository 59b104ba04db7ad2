#include "insole/hw/sim/centroid_tilt.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace insole::hw::sim {
namespace {
constexpr double kCentroidTolerance = 1e-12;  // fraction of foot size
}  // namespace

void tilt_to_centroid(std::span<const double> log_base, std::span<const double> du,
                      std::span<const double> dv, std::span<double> w) {
  const std::size_t n = log_base.size();
  // Fills w with normalised weights for the tilt (lu, lv) and returns the log-partition.
  const auto evaluate = [&](double lu, double lv) {
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = log_base[i] + lu * du[i] + lv * dv[i];
      top = std::max(top, w[i]);
    }
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
      w[i] = std::exp(w[i] - top);
      sum += w[i];
    }
    const double inv = 1.0 / sum;
    for (std::size_t i = 0; i < n; ++i) w[i] *= inv;
    return top + std::log(sum);
  };
  double lu = 0, lv = 0;
  double phi = evaluate(lu, lv);
  for (int iteration = 0; iteration < 100; ++iteration) {
    double mu = 0, mv = 0;
    for (std::size_t i = 0; i < n; ++i) {
      mu += w[i] * du[i];
      mv += w[i] * dv[i];
    }
    if (std::hypot(mu, mv) < kCentroidTolerance) break;
    double cuu = 0, cuv = 0, cvv = 0;
    for (std::size_t i = 0; i < n; ++i) {
      const double a = du[i] - mu;
      const double b = dv[i] - mv;
      cuu += w[i] * a * a;
      cuv += w[i] * a * b;
      cvv += w[i] * b * b;
    }
    const double det = cuu * cvv - cuv * cuv;
    if (!(det > 0)) break;
    const double step_u = -(cvv * mu - cuv * mv) / det;
    const double step_v = -(cuu * mv - cuv * mu) / det;
    // Backtrack only on a real increase: near the minimum phi changes by less than its rounding.
    double scale = 1.0;
    double next = evaluate(lu + step_u, lv + step_v);
    while (next > phi + 1e-12 && scale > 1e-9) {
      scale /= 2;
      next = evaluate(lu + scale * step_u, lv + scale * step_v);
    }
    lu += scale * step_u;
    lv += scale * step_v;
    phi = next;  // w now holds the weights for (lu, lv)
  }
}

}  // namespace insole::hw::sim
