// Cadence coaching over a runner's runs (pure): when to suggest a higher step rate, and, on the
// runs after the suggestion, whether the runner's cadence rose and what it did to loading rate.
//
// Sources (docs/algorithms.md, "Cadence coaching"):
//  - Heiderscheit et al. 2011 (Med Sci Sports Exerc 43:296): +5 % step rate at the same speed
//    already lowered knee energy absorption, +10 % also hip loads: the suggestion is +5-10 %.
//  - Lenhart et al. 2014 (Med Sci Sports Exerc 46:557): at 110 % step rate, peak patellofemoral
//    force fell by 14 %.
//  - van Oeveren et al. 2017 (PLoS One 12:e0184273): inexperienced runners chose 77-80
//    strides/min at 2.4-2.9 m/s, below the 83 strides/min (166 steps/min) that minimised their
//    heart rate at every speed tested: "low" here is below 166 steps/min. Faster running raises
//    cadence by itself, so a fixed bar is lenient at speed, never harsher.
// The suggestion needs a reason beyond the number: flat landings on either foot (the run's
// flat-landing alert, at least kFlatShareForCoaching of a foot's steps) or a loading rate at
// least kHighLoadingRiseFraction above the runner's own median of their earlier runs (no
// published bar exists for insole loading rates: insoles and force plates disagree).
// Pace: when the suggestion run's speed was measured (a watch, a track), the runs compared
// before and after are those with a measured speed within kPaceMatchFraction of it; with a
// modelled speed nothing is filtered and the result says so (the model reads speed from steps,
// so it cannot separate a faster run from a quicker step).
#ifndef INSOLE_ANALYSIS_CADENCE_COACHING_H_
#define INSOLE_ANALYSIS_CADENCE_COACHING_H_

#include <cstddef>
#include <limits>
#include <optional>
#include <span>

namespace insole::analysis {

inline constexpr double kLowCadenceSpm = 166.0;
inline constexpr double kFlatShareForCoaching = 0.3;  // = GaitConfig::flat_foot_alert_fraction
inline constexpr double kHighLoadingRiseFraction = 0.10;
inline constexpr double kSuggestedRiseLow = 0.05;  // Heiderscheit et al. 2011
inline constexpr double kSuggestedRiseHigh = 0.10;
inline constexpr double kPaceMatchFraction = 0.10;
inline constexpr std::size_t kFollowUpRuns = 5;  // runs compared on each side, at most

struct CoachingRun {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  double start_s = 0;                   // any fixed epoch
  double cadence_spm = kNaN;            // NaN: unknown (the run is skipped)
  double speed_mps = kNaN;              // NaN: unknown
  bool speed_measured = false;          // from a measured distance, not the model
  double flat_share = kNaN;             // the larger of the two feet's, 0-1
  double loading_rate_bw_per_s = kNaN;  // both feet's mean over the runner's body weight
};

struct CadenceSuggestion {
  std::size_t run = 0;  // index into the runs given
  double cadence_spm = 0;
  double target_low_spm = 0;  // +5 % and +10 %
  double target_high_spm = 0;
  bool flat_landings = false;
  bool loading_high = false;
  double loading_rise = 0;  // over the runner's earlier median (0 with no earlier run)
};

// The change starts at the first run after the suggestion whose cadence reached +5 % of the
// suggestion run's; "before" is up to kFollowUpRuns runs ending just before it (the suggestion
// run, the runs before it and those still at the old cadence), "after" the latest
// kFollowUpRuns from it on. When no run reached +5 %, "before" ends at the suggestion run and
// "after" is the latest runs after it.
struct CadenceFollowUp {
  std::size_t runs_before = 0;
  std::size_t runs_after = 0;
  bool pace_matched = false;  // compared runs kept to the suggestion run's measured pace
  double cadence_before_spm = 0;
  double cadence_after_spm = 0;
  double cadence_change_pct = 0;
  bool reached = false;  // rose by at least kSuggestedRiseLow
  // Loading rate (body weights/s) after against before, % with a 95 % interval (Welch over the
  // runs' means); NaN when either side has no value, the interval NaN with fewer than 2 runs a
  // side.
  double loading_change_pct = CoachingRun::kNaN;
  double loading_ci_low_pct = CoachingRun::kNaN;
  double loading_ci_high_pct = CoachingRun::kNaN;
};

struct CadenceCoaching {
  // The first run that called for the suggestion; nullopt when none did.
  std::optional<CadenceSuggestion> suggestion;
  // After the suggestion, once a later run exists.
  std::optional<CadenceFollowUp> follow_up;
  // The latest run still calls for it (cadence low with a reason).
  std::optional<CadenceSuggestion> latest;
};

// `runs` oldest first.
CadenceCoaching cadence_coaching(std::span<const CoachingRun> runs);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_CADENCE_COACHING_H_
