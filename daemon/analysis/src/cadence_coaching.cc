#include "insole/analysis/cadence_coaching.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/median.h"

namespace insole::analysis {
namespace {

// The suggestion the run at `i` calls for, judged against the runs before it.
std::optional<CadenceSuggestion> suggestion_at(std::span<const CoachingRun> runs, std::size_t i) {
  const CoachingRun& r = runs[i];
  if (!(r.cadence_spm > 0) || r.cadence_spm >= kLowCadenceSpm) return std::nullopt;
  CadenceSuggestion s;
  s.run = i;
  s.cadence_spm = r.cadence_spm;
  s.target_low_spm = r.cadence_spm * (1 + kSuggestedRiseLow);
  s.target_high_spm = r.cadence_spm * (1 + kSuggestedRiseHigh);
  s.flat_landings = r.flat_share >= kFlatShareForCoaching;
  std::vector<double> earlier;
  for (std::size_t j = 0; j < i; ++j)
    if (std::isfinite(runs[j].loading_rate_bw_per_s))
      earlier.push_back(runs[j].loading_rate_bw_per_s);
  if (!earlier.empty() && std::isfinite(r.loading_rate_bw_per_s)) {
    const double m = median(earlier);
    if (m > 0) s.loading_rise = r.loading_rate_bw_per_s / m - 1;
    s.loading_high = s.loading_rise >= kHighLoadingRiseFraction;
  }
  if (!s.flat_landings && !s.loading_high) return std::nullopt;
  return s;
}

struct Stats {
  double mean = 0, var = 0;
  std::size_t n = 0;
};
Stats stats(const std::vector<double>& v) {
  Stats s;
  s.n = v.size();
  if (s.n == 0) return s;
  for (double x : v) s.mean += x;
  s.mean /= static_cast<double>(s.n);
  if (s.n > 1) {
    for (double x : v) s.var += (x - s.mean) * (x - s.mean);
    s.var /= static_cast<double>(s.n - 1);
  }
  return s;
}

bool pace_close(const CoachingRun& a, const CoachingRun& b) {
  return a.speed_measured && b.speed_measured && a.speed_mps > 0 && b.speed_mps > 0 &&
         std::abs(a.speed_mps / b.speed_mps - 1) <= kPaceMatchFraction;
}

CadenceFollowUp follow_up(std::span<const CoachingRun> runs, std::size_t at) {
  const CoachingRun& ref = runs[at];
  // Pace-matched when the suggestion run's speed was measured: then only runs with a measured
  // speed near it are compared.
  const bool measured = ref.speed_measured && ref.speed_mps > 0;
  auto keep = [&](std::size_t j) {
    return std::isfinite(runs[j].cadence_spm) && (!measured || pace_close(runs[j], ref));
  };
  // The change starts at the first later run that reached the suggested +5 %; the runs before
  // it (the suggestion run, and the runs still at the old cadence) are the baseline.
  const double target = runs[at].cadence_spm * (1 + kSuggestedRiseLow);
  std::size_t change = at + 1;
  while (change < runs.size() && !(keep(change) && runs[change].cadence_spm >= target)) ++change;
  if (change == runs.size()) change = at + 1;  // nobody took it up: every later run is "after"
  std::vector<std::size_t> before, after;
  for (std::size_t j = change; j-- > 0 && before.size() < kFollowUpRuns;)
    if (j == at || keep(j)) before.push_back(j);
  for (std::size_t j = runs.size(); j-- > change && after.size() < kFollowUpRuns;)
    if (keep(j)) after.push_back(j);
  CadenceFollowUp f;
  f.pace_matched = measured;
  f.runs_before = before.size();
  f.runs_after = after.size();
  if (after.empty()) return f;
  std::vector<double> cad_b, cad_a, lr_b, lr_a;
  for (std::size_t j : before) {
    cad_b.push_back(runs[j].cadence_spm);
    if (std::isfinite(runs[j].loading_rate_bw_per_s)) lr_b.push_back(runs[j].loading_rate_bw_per_s);
  }
  for (std::size_t j : after) {
    cad_a.push_back(runs[j].cadence_spm);
    if (std::isfinite(runs[j].loading_rate_bw_per_s)) lr_a.push_back(runs[j].loading_rate_bw_per_s);
  }
  f.cadence_before_spm = stats(cad_b).mean;
  f.cadence_after_spm = stats(cad_a).mean;
  f.cadence_change_pct = 100 * (f.cadence_after_spm / f.cadence_before_spm - 1);
  f.reached = f.cadence_change_pct >= 100 * kSuggestedRiseLow;
  const Stats b = stats(lr_b), a = stats(lr_a);
  if (b.n > 0 && a.n > 0 && b.mean > 0) {
    f.loading_change_pct = 100 * (a.mean / b.mean - 1);
    if (b.n > 1 && a.n > 1) {
      const double vb = b.var / static_cast<double>(b.n), va = a.var / static_cast<double>(a.n);
      const double se = std::sqrt(va + vb);
      // Welch-Satterthwaite degrees of freedom (at least 1).
      const double df = se > 0 ? std::max(1.0, (va + vb) * (va + vb) /
                                                   (va * va / static_cast<double>(a.n - 1) +
                                                    vb * vb / static_cast<double>(b.n - 1)))
                               : 1.0;
      const double half = t_quantile_975(df) * se;
      f.loading_ci_low_pct = 100 * (a.mean - b.mean - half) / b.mean;
      f.loading_ci_high_pct = 100 * (a.mean - b.mean + half) / b.mean;
    }
  }
  return f;
}

}  // namespace

CadenceCoaching cadence_coaching(std::span<const CoachingRun> runs) {
  CadenceCoaching out;
  for (std::size_t i = 0; i < runs.size() && !out.suggestion; ++i)
    out.suggestion = suggestion_at(runs, i);
  if (runs.empty()) return out;
  out.latest = suggestion_at(runs, runs.size() - 1);
  if (out.suggestion && out.suggestion->run + 1 < runs.size()) {
    CadenceFollowUp f = follow_up(runs, out.suggestion->run);
    if (f.runs_after > 0) out.follow_up = f;
  }
  return out;
}

}  // namespace insole::analysis
