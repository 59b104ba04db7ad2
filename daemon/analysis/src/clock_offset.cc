#include "insole/analysis/clock_offset.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace insole::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Pearson correlation of insole[i] and watch[i + lag] over the seconds both have; NaN with
// fewer than kClockMinPairs pairs or a signal that does not vary over them.
double correlation_at(std::span<const double> insole, std::span<const double> watch, int lag,
                      bool& steady) {
  double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < insole.size(); ++i) {
    const long j = static_cast<long>(i) + lag;
    if (j < 0 || j >= static_cast<long>(watch.size())) continue;
    const double x = insole[i], y = watch[static_cast<std::size_t>(j)];
    if (!std::isfinite(x) || !std::isfinite(y)) continue;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
    ++n;
  }
  if (n < kClockMinPairs) return kNaN;
  const double m = static_cast<double>(n);
  const double vx = sxx - sx * sx / m, vy = syy - sy * sy / m;
  // Less than 0.5 per minute of spread over the whole overlap: one steady cadence.
  if (!(vx > 0.25 * m) || !(vy > 0.25 * m)) {
    steady = true;
    return kNaN;
  }
  return (sxy - sx * sy / m) / std::sqrt(vx * vy);
}

}  // namespace

ClockOffset estimate_clock_offset(std::span<const double> insole, std::span<const double> watch) {
  ClockOffset out;
  std::vector<double> r(2 * kClockMaxLagS + 1, kNaN);
  bool steady = false;
  int best = 0;
  for (int lag = -kClockMaxLagS; lag <= kClockMaxLagS; ++lag) {
    const double c = correlation_at(insole, watch, lag, steady);
    r[static_cast<std::size_t>(lag + kClockMaxLagS)] = c;
    if (std::isfinite(c) && !(c <= r[static_cast<std::size_t>(best + kClockMaxLagS)])) best = lag;
  }
  const double peak = r[static_cast<std::size_t>(best + kClockMaxLagS)];
  if (!std::isfinite(peak)) {
    out.result = steady ? ClockOffsetResult::kTooSteady : ClockOffsetResult::kTooShort;
    return out;
  }
  double away = -1;
  for (int lag = -kClockMaxLagS; lag <= kClockMaxLagS; ++lag) {
    const double c = r[static_cast<std::size_t>(lag + kClockMaxLagS)];
    if (std::abs(lag - best) >= kClockPeakWidthS && std::isfinite(c) && c > away) away = c;
  }
  out.correlation = peak;
  out.margin = peak - away;
  if (peak < kClockMinCorrelation || out.margin < kClockMinMargin) {
    out.result = ClockOffsetResult::kNoClearPeak;
    return out;
  }
  out.result = ClockOffsetResult::kMeasured;
  out.offset_s = best;
  // A parabola through the peak and its neighbours places it between whole seconds.
  if (best > -kClockMaxLagS && best < kClockMaxLagS) {
    const double a = r[static_cast<std::size_t>(best - 1 + kClockMaxLagS)];
    const double c = r[static_cast<std::size_t>(best + 1 + kClockMaxLagS)];
    const double curve = a - 2 * peak + c;
    if (std::isfinite(a) && std::isfinite(c) && curve < 0)
      out.offset_s += std::clamp(0.5 * (a - c) / curve, -0.5, 0.5);
  }
  return out;
}

}  // namespace insole::analysis
