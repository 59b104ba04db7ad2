#include "insole/hw/sim/stance_force.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>
#include <vector>

namespace insole::hw::sim {
namespace {

constexpr int kGrid = 1200;  // dense scan of the stance; crossings are then bisected

// First root of f(tau) = level between lo (f < level) and hi (f >= level), or the reverse.
template <typename F>
double bisect(F f, double lo, double hi, double level) {
  const bool rising = f(lo) < level;
  for (int i = 0; i < 60; ++i) {
    const double mid = 0.5 * (lo + hi);
    if ((f(mid) < level) == rising) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

// Maximum of f near grid point i (golden section on [i-1, i+1] grid steps); returns (tau, f).
template <typename F>
std::pair<double, double> refine_max(F f, int i, double step) {
  double a = std::max(0.0, (i - 1) * step);
  double b = std::min(1.0, (i + 1) * step);
  const double r = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int k = 0; k < 80 && b - a > 1e-14; ++k) {
    const double c = b - r * (b - a);
    const double d = a + r * (b - a);
    if (f(c) > f(d)) {
      b = d;
    } else {
      a = c;
    }
  }
  const double t = 0.5 * (a + b);
  const double v = f(t);
  const double vi = f(i * step);
  return v >= vi ? std::make_pair(t, v) : std::make_pair(i * step, vi);
}

}  // namespace

double stance_force(const StanceShape& s, double tau) {
  if (!(tau > 0 && tau < 1)) return 0.0;
  const double u = tau + (s.skew / std::numbers::pi) * std::sin(std::numbers::pi * tau);
  const double hump = std::pow(std::sin(std::numbers::pi * u), s.exponent);
  double f;
  if (s.gait == Gait::kWalk) {
    f = s.active * hump * (1.0 - s.valley * std::cos(4.0 * std::numbers::pi * u));
  } else {
    f = s.active * hump;
    if (s.impact > 0 && tau < 2.0 * s.impact_half_width) {
      const double b = std::sin(std::numbers::pi * tau / (2.0 * s.impact_half_width));
      f += s.impact * b * b;
    }
  }
  return s.body_weight_n * std::max(f, 0.0);
}

StanceMetrics measure(const StanceShape& s) {
  const auto f = [&s](double tau) { return stance_force(s, tau); };
  const double step = 1.0 / kGrid;
  std::vector<double> grid(kGrid + 1);
  for (int i = 0; i <= kGrid; ++i) grid[i] = f(i * step);

  int first_up = -1, last_down = -1, peak_i = 0;
  for (int i = 1; i <= kGrid; ++i) {
    if (first_up < 0 && grid[i - 1] < kStepThresholdN && grid[i] >= kStepThresholdN) first_up = i;
    if (grid[i - 1] >= kStepThresholdN && grid[i] < kStepThresholdN) last_down = i;
    if (grid[i] > grid[peak_i]) peak_i = i;
  }
  if (first_up < 0 || last_down < 0) {
    throw std::invalid_argument("stance force never reaches the 20 N step threshold");
  }
  StanceMetrics m{};
  const double contact_tau = bisect(f, (first_up - 1) * step, first_up * step, kStepThresholdN);
  const double toe_off_tau = bisect(f, (last_down - 1) * step, last_down * step, kStepThresholdN);
  const auto [peak_tau, peak] = refine_max(f, peak_i, step);
  m.contact_offset_s = contact_tau * s.duration_s;
  m.toe_off_offset_s = toe_off_tau * s.duration_s;
  m.contact_time_s = m.toe_off_offset_s - m.contact_offset_s;
  m.peak_force_n = peak;
  m.peak_offset_s = peak_tau * s.duration_s;

  // First local maximum reaching half the peak.
  int first_i = peak_i;
  for (int i = 1; i < peak_i; ++i) {
    if (grid[i] >= 0.5 * peak && grid[i] >= grid[i - 1] && grid[i] > grid[i + 1]) {
      first_i = i;
      break;
    }
  }
  // A pair, not a structured binding: the lambda below captures the time (clang 14 cannot
  // capture bindings).
  const std::pair<double, double> first =
      first_i == peak_i ? std::make_pair(peak_tau, peak) : refine_max(f, first_i, step);
  const double first_tau = first.first;
  const double first_peak = first.second;
  m.first_peak_n = first_peak;
  const double lo_level = 0.2 * first_peak;
  const double hi_level = 0.8 * first_peak;
  const auto crossing = [&](double level) {
    for (int i = 1; i <= first_i; ++i) {
      if (grid[i - 1] < level && grid[i] >= level)
        return bisect(f, (i - 1) * step, i * step, level);
    }
    return first_tau;
  };
  double t_lo, f_lo;
  if (lo_level < kStepThresholdN) {
    t_lo = contact_tau;
    f_lo = kStepThresholdN;
  } else {
    t_lo = crossing(lo_level);
    f_lo = lo_level;
  }
  const double t_hi = crossing(hi_level);
  m.loading_rate_n_per_s = t_hi > t_lo ? (hi_level - f_lo) / ((t_hi - t_lo) * s.duration_s) : 0.0;

  // Impulse: composite Simpson between the crossings.
  constexpr int kSimpson = 2000;
  const double h = (toe_off_tau - contact_tau) / kSimpson;
  double sum = f(contact_tau) + f(toe_off_tau);
  for (int i = 1; i < kSimpson; ++i) sum += (i % 2 ? 4.0 : 2.0) * f(contact_tau + i * h);
  m.impulse_ns = sum * h / 3.0 * s.duration_s;
  return m;
}

}  // namespace insole::hw::sim
