// Cadence coaching: suggested only when cadence is low and there is a reason (flat landings, a
// loading rate above the runner's own), followed up on the runs after, at matched pace when the
// pace was measured.
#include "insole/analysis/cadence_coaching.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace insole::analysis {
namespace {

CoachingRun run(double cadence, double flat, double lr, double speed = CoachingRun::kNaN,
                bool measured = false) {
  CoachingRun r;
  r.cadence_spm = cadence;
  r.flat_share = flat;
  r.loading_rate_bw_per_s = lr;
  r.speed_mps = speed;
  r.speed_measured = measured;
  return r;
}

TEST(CadenceCoaching, NothingIsSuggestedWithoutALowCadenceOrWithoutAReason) {
  // High cadence with flat landings; low cadence with neither flat landings nor a rising rate.
  const std::vector<CoachingRun> fine = {run(172, 0.6, 60), run(170, 0.5, 80)};
  EXPECT_FALSE(cadence_coaching(fine).suggestion);
  const std::vector<CoachingRun> low_only = {run(150, 0.1, 60), run(152, 0.2, 62),
                                             run(151, 0.1, 61)};
  const auto c = cadence_coaching(low_only);
  EXPECT_FALSE(c.suggestion);
  EXPECT_FALSE(c.latest);
  EXPECT_FALSE(c.follow_up);
  EXPECT_FALSE(cadence_coaching(std::vector<CoachingRun>{}).suggestion);
}

TEST(CadenceCoaching, LowCadenceWithFlatLandingsSuggestsFiveToTenPercentMore) {
  const std::vector<CoachingRun> runs = {run(170, 0.1, 60), run(160, 0.4, 61)};
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.suggestion);
  EXPECT_EQ(c.suggestion->run, 1u);
  EXPECT_TRUE(c.suggestion->flat_landings);
  EXPECT_FALSE(c.suggestion->loading_high);
  EXPECT_DOUBLE_EQ(c.suggestion->target_low_spm, 168);
  EXPECT_DOUBLE_EQ(c.suggestion->target_high_spm, 176);
  ASSERT_TRUE(c.latest);
  EXPECT_FALSE(c.follow_up);  // nothing after it yet
}

TEST(CadenceCoaching, ALoadingRateAboveTheRunnersOwnMedianIsAReason) {
  // 60, 62, 58 before: median 60; 66 is 10 % above it, 65 is not.
  std::vector<CoachingRun> runs = {run(160, 0.1, 60), run(160, 0.1, 62), run(160, 0.1, 58),
                                   run(160, 0.1, 65)};
  EXPECT_FALSE(cadence_coaching(runs).suggestion);
  runs.back().loading_rate_bw_per_s = 66.1;
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.suggestion);
  EXPECT_TRUE(c.suggestion->loading_high);
  EXPECT_NEAR(c.suggestion->loading_rise, 0.1017, 1e-3);
}

TEST(CadenceCoaching, FollowUpSaysWhetherCadenceRoseAndWhatLoadingRateDid) {
  std::vector<CoachingRun> runs = {run(158, 0.2, 62), run(159, 0.2, 60), run(158, 0.45, 61)};
  // After the suggestion: cadence +8 %, loading rate down about 10 %.
  for (double lr : {55.0, 54.0, 55.5, 54.5}) runs.push_back(run(171, 0.1, lr));
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.suggestion);
  EXPECT_EQ(c.suggestion->run, 2u);
  ASSERT_TRUE(c.follow_up);
  EXPECT_EQ(c.follow_up->runs_before, 3u);
  EXPECT_EQ(c.follow_up->runs_after, 4u);
  EXPECT_FALSE(c.follow_up->pace_matched);
  EXPECT_NEAR(c.follow_up->cadence_change_pct, 100 * (171.0 / 158.333 - 1), 0.01);
  EXPECT_TRUE(c.follow_up->reached);
  EXPECT_NEAR(c.follow_up->loading_change_pct, 100 * (54.75 / 61 - 1), 0.01);
  EXPECT_LT(c.follow_up->loading_ci_high_pct, 0);  // lower, beyond its interval
  EXPECT_GT(c.follow_up->loading_ci_low_pct, -20);
  EXPECT_FALSE(c.latest);  // the latest run no longer calls for it
}

TEST(CadenceCoaching, RunsStillAtTheOldCadenceAfterTheSuggestionCountAsBefore) {
  // Suggested on the first run; two more runs at the old cadence; then +9 %.
  std::vector<CoachingRun> runs = {run(158, 0.45, 60), run(157, 0.45, 61), run(158, 0.45, 62)};
  for (int i = 0; i < 6; ++i) runs.push_back(run(172, 0.45, 58));
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.follow_up);
  EXPECT_EQ(c.suggestion->run, 0u);
  EXPECT_EQ(c.follow_up->runs_before, 3u);
  EXPECT_EQ(c.follow_up->runs_after, kFollowUpRuns);
  EXPECT_NEAR(c.follow_up->cadence_before_spm, 157.667, 1e-3);
  EXPECT_NEAR(c.follow_up->loading_change_pct, 100 * (58 / 61.0 - 1), 1e-9);
  EXPECT_TRUE(std::isfinite(c.follow_up->loading_ci_low_pct));
}

TEST(CadenceCoaching, ACadenceThatDidNotRiseIsNotReached) {
  std::vector<CoachingRun> runs = {run(158, 0.45, 60)};
  for (int i = 0; i < 3; ++i) runs.push_back(run(161, 0.45, 60));
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.follow_up);
  EXPECT_FALSE(c.follow_up->reached);
  EXPECT_TRUE(std::isnan(c.follow_up->loading_ci_low_pct));  // one run before: no interval
  ASSERT_TRUE(c.latest);
  EXPECT_EQ(c.latest->run, 3u);
}

TEST(CadenceCoaching, MeasuredPaceKeepsTheComparisonToRunsAtThatPace) {
  // Suggestion at 3.0 m/s; later runs at 3.0 m/s (cadence 165) and fast ones at 4.0 m/s
  // (cadence 180, which must not count as the change).
  std::vector<CoachingRun> runs = {run(158, 0.45, 60, 3.0, true)};
  runs.push_back(run(180, 0.1, 70, 4.0, true));
  runs.push_back(run(165, 0.2, 58, 3.1, true));
  runs.push_back(run(180, 0.1, 70, 4.0, true));
  runs.push_back(run(165, 0.2, 58, 2.9, true));
  runs.push_back(run(190, 0.1, 70, 3.0, false));  // speed from the model: left out
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.follow_up);
  EXPECT_TRUE(c.follow_up->pace_matched);
  EXPECT_EQ(c.follow_up->runs_after, 2u);
  EXPECT_DOUBLE_EQ(c.follow_up->cadence_after_spm, 165);
  EXPECT_FALSE(c.follow_up->reached);  // +4.4 %
}

TEST(CadenceCoaching, RunsWithUnknownCadenceAreSkipped) {
  std::vector<CoachingRun> runs = {run(CoachingRun::kNaN, 0.9, 80), run(158, 0.4, 60),
                                   run(CoachingRun::kNaN, 0.9, 80), run(170, 0.1, 55)};
  const auto c = cadence_coaching(runs);
  ASSERT_TRUE(c.suggestion);
  EXPECT_EQ(c.suggestion->run, 1u);
  ASSERT_TRUE(c.follow_up);
  EXPECT_EQ(c.follow_up->runs_after, 1u);
}

}  // namespace
}  // namespace insole::analysis
