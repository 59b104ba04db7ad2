#include "insole/analysis/pace_model.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/median.h"

namespace insole::analysis {

PaceLine fit_pace_line(std::span<const PacedRun> runs, double reference_mps) {
  PaceLine line;
  struct Group {
    double sx = 0, sy = 0;
    std::size_t n = 0;
  };
  std::map<int, Group> groups;
  std::vector<double> speeds;
  const auto usable = [](const PacedRun& r) { return r.speed_mps > 0 && std::isfinite(r.value); };
  for (const PacedRun& r : runs) {
    if (!usable(r)) continue;
    speeds.push_back(r.speed_mps);
    Group& g = groups[r.group];
    g.sx += r.speed_mps;
    g.sy += r.value;
    ++g.n;
  }
  line.runs = speeds.size();
  if (speeds.empty()) return line;
  const auto [lo, hi] = std::minmax_element(speeds.begin(), speeds.end());
  line.min_mps = *lo;
  line.max_mps = *hi;
  line.reference_mps = std::isfinite(reference_mps) ? reference_mps : median(speeds);
  // Deviations from each group's own means: only pace within a group tells the slope.
  double sxx = 0, sxy = 0;
  std::size_t groups_within = 0;
  for (const auto& [id, g] : groups)
    if (g.n >= 2) {
      line.runs_within += g.n;
      ++groups_within;
    }
  for (const PacedRun& r : runs) {
    if (!usable(r)) continue;
    const Group& g = groups[r.group];
    if (g.n < 2) continue;
    const double n = static_cast<double>(g.n);
    sxx += (r.speed_mps - g.sx / n) * (r.speed_mps - g.sx / n);
    sxy += (r.speed_mps - g.sx / n) * (r.value - g.sy / n);
  }
  const double df = static_cast<double>(line.runs_within) - static_cast<double>(groups_within) - 1;
  if (line.runs_within < kMinPaceRuns || df < 1 || !(sxx > 0) ||
      line.max_mps - line.min_mps < kMinPaceSpread * line.reference_mps)
    return line;
  const double b = sxy / sxx;
  double sse = 0;
  for (const PacedRun& r : runs) {
    if (!usable(r)) continue;
    const Group& g = groups[r.group];
    if (g.n < 2) continue;
    const double n = static_cast<double>(g.n);
    const double e = (r.value - g.sy / n) - b * (r.speed_mps - g.sx / n);
    sse += e * e;
  }
  const double half = t_quantile_975(df) * std::sqrt(sse / df / sxx);
  line.fitted = true;
  line.slope_per_mps = b;
  line.slope_ci_low = b - half;
  line.slope_ci_high = b + half;
  return line;
}

std::vector<double> at_reference_pace(const PaceLine& line, std::span<const PacedRun> runs) {
  std::vector<double> out(runs.size(), PacedRun::kNaN);
  if (!line.fitted) return out;
  for (std::size_t i = 0; i < runs.size(); ++i) {
    const PacedRun& r = runs[i];
    if (!std::isfinite(r.value) || !(r.speed_mps >= line.min_mps && r.speed_mps <= line.max_mps))
      continue;
    out[i] = r.value + line.slope_per_mps * (line.reference_mps - r.speed_mps);
  }
  return out;
}

}  // namespace insole::analysis
