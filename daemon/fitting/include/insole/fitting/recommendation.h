// Ranking the shoes a customer tried, from what was measured on them and their comfort rating
// (pure; the rule, its weights and its sources are in docs/fitting.md).
//
// Five factors, each compared pair by pair between trials: comfort (higher is better), loading
// rate, peak pressure, left/right asymmetry and flat landings (lower is better). A difference
// counts only when it is both real and large enough to matter: at least the factor's minimum
// meaningful difference AND more than 1.96 standard errors of the difference (measurement noise
// from the step-to-step spread of each trial). Anything less is "no real difference" and scores
// nothing. Each trial's score is 50 + 50 x the weighted mean, over factors and the other trials,
// of +1 (better), -1 (worse) or 0; equal scores share a rank.
//
// Never a factor: the pronation class or foot type. Prescribing shoes by foot shape did not
// change injury rates in three randomised military trials (Knapik et al. 2009, 2010, 2010), and
// pronated feet were not injured more in neutral shoes (Nielsen et al. 2014).
#ifndef INSOLE_FITTING_RECOMMENDATION_H_
#define INSOLE_FITTING_RECOMMENDATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "insole/fitting/trial_result.h"

namespace insole::fitting {

struct TrialForRanking {
  std::int64_t trial_id = 0;
  std::string shoe;            // as the customer knows it: "Brand Model 42"
  std::optional<int> comfort;  // 1..10; nullopt: not rated (ranked on measurements only)
  TrialResult result;
};

struct RankingRule {
  // Weights, summing to 1. Comfort weighs most: it is the only criterion with evidence that
  // choosing by it lowers injuries (the comfort filter); the measurements split the rest.
  double comfort_weight = 0.5;
  double loading_rate_weight = 0.2;
  double peak_pressure_weight = 0.1;
  double asymmetry_weight = 0.1;
  double flat_landing_weight = 0.1;
  // Minimum meaningful differences.
  double comfort_points = 2;        // rating points
  double loading_rate_pct = 10;     // % of the pair's mean
  double peak_pressure_pct = 10;    // % of the pair's mean
  double asymmetry_points = 3;      // percentage points of the mean |symmetry index|
  double flat_landing_points = 20;  // percentage points of steps landing flat
  double z = 1.96;                  // standard errors a difference must exceed
  std::size_t min_steps = 10;       // per foot; fewer and the foot's measurements do not count
};

struct TrialRank {
  std::int64_t trial_id = 0;
  int rank = 0;                      // 1 = best; equal scores share a rank (1, 1, 3)
  double score = 0;                  // 0..100, 50 = no real difference from the others
  std::vector<std::string> reasons;  // plain words, one per other trial, then notes
};

struct Ranking {
  std::vector<TrialRank> ranking;  // best first; ties keep the input order
  std::string summary;             // one or two plain sentences
};

Ranking rank_trials(std::span<const TrialForRanking> trials, const RankingRule& rule = {});

}  // namespace insole::fitting

#endif  // INSOLE_FITTING_RECOMMENDATION_H_
