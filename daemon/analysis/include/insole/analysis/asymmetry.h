// Left/right asymmetry of one per-step metric (pure).
//
// Symmetry index SI = (R - L) / (0.5 (R + L)) x 100 on the mean of each side's steps (Robinson
// et al. 1987). Its 95% confidence interval comes from the delta method on the two means
// (independent samples, Student t with the smaller side's degrees of freedom). The metric is
// flagged when the interval clears a quarter of the band (lies wholly beyond +-band/4) AND |SI|
// exceeds the band (default 5%): a difference that is both real and large enough to matter; and
// only once each side has kMinStepsToFlag
// steps: a live display checks every second, and early intervals from a handful of steps flag
// symmetric runners by chance.
#ifndef INSOLE_ANALYSIS_ASYMMETRY_H_
#define INSOLE_ANALYSIS_ASYMMETRY_H_

#include <cstddef>
#include <span>

namespace insole::analysis {

struct Asymmetry {
  double si_pct = 0;  // NaN with fewer than 2 steps on a side
  double ci_low_pct = 0;
  double ci_high_pct = 0;
  bool flagged = false;
  // Not computed: an insole's sensel is silent (GaitSummary::silent_sensel), so the two feet's
  // force figures are not comparable; si_pct and the interval are NaN, never flagged.
  bool withheld = false;
  std::size_t left_n = 0;
  std::size_t right_n = 0;
};

inline constexpr std::size_t kMinStepsToFlag = 20;

Asymmetry symmetry_index(std::span<const double> left, std::span<const double> right,
                         double band_pct);

// Two-sided 97.5% quantile of Student's t with df degrees of freedom (df >= 1).
double t_quantile_975(double df);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_ASYMMETRY_H_
