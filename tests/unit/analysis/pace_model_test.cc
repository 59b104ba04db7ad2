// Form across runs at one pace (analysis/pace_model.h): the runner's own line through their runs
// with a measured speed, and each run's value moved along it to the reference speed. Truth here
// is the line the runs were made from.
#include "insole/analysis/pace_model.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace insole::analysis {
namespace {

// Contact time in ms that falls by 30 ms per m/s around 270 ms at 3 m/s, plus `shift` (a real
// change in form) and run-to-run noise of `noise_ms` (3 ms unless said).
std::vector<PacedRun> contact_runs(const std::vector<double>& speeds, double shift, unsigned seed,
                                   double noise_ms = 3) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, noise_ms);
  std::vector<PacedRun> out;
  for (const double v : speeds) out.push_back({v, 270 - 30 * (v - 3) + shift + noise(rng)});
  return out;
}

TEST(PaceModel, TheLineThroughARunnersRunsFindsTheirSlope) {
  const auto runs = contact_runs({2.7, 2.8, 2.9, 3.0, 3.1, 3.2, 3.3, 3.4}, 0, 1);
  const PaceLine line = fit_pace_line(runs);
  ASSERT_TRUE(line.fitted);
  EXPECT_EQ(line.runs, 8u);
  EXPECT_NEAR(line.reference_mps, 3.05, 1e-9);
  EXPECT_NEAR(line.slope_per_mps, -30, 8);
  EXPECT_LT(line.slope_ci_low, -30);
  EXPECT_GT(line.slope_ci_high, -30);
  EXPECT_LT(line.slope_ci_high, 0);  // the runner's contacts clearly shorten with speed
}

// A slower week is not a change in form: at the reference pace, the slow runs read as the fast
// ones; a real change of +15 ms at the same pace still shows.
TEST(PaceModel, ASlowerRunIsNotAChangeInFormButARealChangeStillShows) {
  auto runs = contact_runs({3.3, 3.4, 3.2, 3.35, 3.25, 3.3}, 0, 2);  // fast weeks
  const auto slow = contact_runs({2.8, 2.85, 2.9}, 0, 3);            // slow, same form
  const auto changed = contact_runs({2.8, 2.85, 2.9}, 15, 4);        // slow and 15 ms longer
  runs.insert(runs.end(), slow.begin(), slow.end());
  const PaceLine line = fit_pace_line(runs);
  ASSERT_TRUE(line.fitted);
  const auto at = at_reference_pace(line, runs);
  double fast_mean = 0, slow_mean = 0, slow_raw = 0;
  for (std::size_t i = 0; i < 6; ++i) fast_mean += at[i] / 6;
  for (std::size_t i = 6; i < 9; ++i) {
    slow_mean += at[i] / 3;
    slow_raw += runs[i].value / 3;
  }
  EXPECT_GT(slow_raw - fast_mean, 10);       // raw: the slow runs look 13 ms worse
  EXPECT_NEAR(slow_mean - fast_mean, 0, 4);  // at equal pace: the same form
  const auto changed_at = at_reference_pace(line, changed);
  double changed_mean = 0;
  for (const double x : changed_at) changed_mean += x / 3;
  EXPECT_NEAR(changed_mean - fast_mean, 15, 5);  // the real change
}

// The slope comes from pace within each group (week): a week both slower and 20 ms longer in
// contact (a real change) does not tilt it, where a plain line through every run would.
TEST(PaceModel, AWeekThatChangedFormDoesNotTiltTheLine) {
  auto runs = contact_runs({3.0, 3.4, 3.2, 3.6, 3.1, 3.5}, 0, 8, 1);    // week 0: fast
  auto later = contact_runs({2.6, 3.0, 2.8, 3.2, 2.7, 3.1}, 20, 9, 1);  // week 1: slower, changed
  for (auto& r : later) r.group = 1;
  runs.insert(runs.end(), later.begin(), later.end());
  const PaceLine line = fit_pace_line(runs);
  ASSERT_TRUE(line.fitted);
  EXPECT_EQ(line.runs_within, 12u);
  for (const auto& r : runs) std::printf("DBG %d %.2f %.2f\n", r.group, r.speed_mps, r.value);
  std::printf("DBG slope %.2f ref %.3f\n", line.slope_per_mps, line.reference_mps);
  EXPECT_NEAR(line.slope_per_mps, -30, 6);
  auto pooled = runs;
  for (auto& r : pooled) r.group = 0;
  EXPECT_LT(fit_pace_line(pooled).slope_per_mps, -45);  // the change read as pace
  const auto at = at_reference_pace(line, runs);
  double before = 0, after = 0;
  for (std::size_t i = 0; i < 6; ++i) {
    before += at[i] / 6;
    after += at[i + 6] / 6;
  }
  EXPECT_NEAR(after - before, 20, 3);
}

TEST(PaceModel, TooFewRunsOrOnePaceFitsNoLine) {
  const auto few = contact_runs({2.8, 3.0, 3.2, 3.4, 3.6}, 0, 5);  // five: one short
  EXPECT_FALSE(fit_pace_line(few).fitted);
  EXPECT_EQ(fit_pace_line(few).runs, 5u);
  const auto one_pace = contact_runs({3.0, 3.05, 3.1, 3.0, 3.05, 3.1, 3.08}, 0, 6);  // 3 % apart
  EXPECT_FALSE(fit_pace_line(one_pace).fitted);
  for (const double x : at_reference_pace(fit_pace_line(one_pace), one_pace))
    EXPECT_TRUE(std::isnan(x));
}

// Runs without a measured speed, or a value, are not part of the line and are not adjusted;
// nor is a speed outside the range the runner ran.
TEST(PaceModel, UnknownSpeedsAndSpeedsOutsideTheRangeAreNotAdjusted) {
  auto runs = contact_runs({2.8, 2.9, 3.0, 3.1, 3.2, 3.3}, 0, 7);
  runs.push_back({PacedRun::kNaN, 250});
  runs.push_back({3.0, PacedRun::kNaN});
  const PaceLine line = fit_pace_line(runs);
  ASSERT_TRUE(line.fitted);
  EXPECT_EQ(line.runs, 6u);
  const std::vector<PacedRun> outside{{4.0, 240}, {2.0, 300}, {3.0, 270}};
  const auto at = at_reference_pace(line, outside);
  EXPECT_TRUE(std::isnan(at[0]));
  EXPECT_TRUE(std::isnan(at[1]));
  EXPECT_NEAR(at[2], 270 + line.slope_per_mps * (line.reference_mps - 3.0), 1e-9);
  const auto own = at_reference_pace(line, runs);
  EXPECT_TRUE(std::isnan(own[6]));
  EXPECT_TRUE(std::isnan(own[7]));
}

}  // namespace
}  // namespace insole::analysis
