#include "insole/analysis/pronation.h"

#include <cmath>
#include <limits>

namespace insole::analysis {

double cpei_pct(std::span<const CopPoint> path, double foot_length_mm, double foot_width_mm) {
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (path.size() < 2 || !(foot_width_mm > 0)) return kNaN;
  const double y_star = foot_length_mm * 2.0 / 3.0;
  const CopPoint first = path.front();
  const CopPoint last = path.back();
  if (first.y_mm >= y_star || last.y_mm <= y_star) return kNaN;
  // The path's first passage through y*.
  double x_path = kNaN;
  for (std::size_t i = 1; i < path.size(); ++i) {
    const CopPoint& a = path[i - 1];
    const CopPoint& b = path[i];
    if (a.y_mm < y_star && b.y_mm >= y_star) {
      const double f = (y_star - a.y_mm) / (b.y_mm - a.y_mm);
      x_path = a.x_mm + f * (b.x_mm - a.x_mm);
      break;
    }
  }
  if (std::isnan(x_path)) return kNaN;
  const double f = (y_star - first.y_mm) / (last.y_mm - first.y_mm);
  const double x_line = first.x_mm + f * (last.x_mm - first.x_mm);
  // +x is medial: a path lateral of the line has a smaller x.
  return (x_line - x_path) / foot_width_mm * 100.0;
}

double pronation_index(double cpei, double medial_fraction, const PronationBands& bands) {
  if (!std::isnan(cpei)) return cpei;
  if (std::isnan(medial_fraction)) return bands.neutral_index;
  return bands.neutral_index - (medial_fraction - bands.neutral_fraction) * bands.fraction_slope;
}

Pronation classify_pronation(double index, const PronationBands& bands) {
  if (index < bands.over_below) return Pronation::kOver;
  if (index > bands.under_above) return Pronation::kUnder;
  return Pronation::kNeutral;
}

}  // namespace insole::analysis
