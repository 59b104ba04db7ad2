// The watch's clock against the insoles' (analysis/clock_offset.h): truth is the shift the
// watch's series was made with.
#include "insole/analysis/clock_offset.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <vector>

namespace insole::analysis {
namespace {

// 40 minutes of a runner's cadence per second, steps/min: a slow wander of a few steps/min and
// two stops at traffic lights (no steps for 20 s).
std::vector<double> insole_cadence(unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> step(0, 0.4);
  std::vector<double> out;
  double wander = 0;
  for (int t = 0; t < 2400; ++t) {
    wander = 0.98 * wander + step(rng);
    const bool stopped = (t >= 600 && t < 620) || (t >= 1500 && t < 1520);
    out.push_back(stopped ? 0 : 170 + 3 * wander);
  }
  return out;
}

// What the watch recorded: strides per minute (half the steps), `shift_s` seconds later on its
// own clock (linearly interpolated), with noise, and some seconds missing.
std::vector<double> watch_of(const std::vector<double>& insole, double shift_s, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> noise(0, 1.0);
  std::vector<double> out(insole.size(), std::nan(""));
  for (std::size_t j = 0; j < out.size(); ++j) {
    const double i = static_cast<double>(j) - shift_s;
    if (i < 0 || i + 1 >= static_cast<double>(insole.size())) continue;
    const auto k = static_cast<std::size_t>(i);
    const double f = i - static_cast<double>(k);
    out[j] = 0.5 * (insole[k] * (1 - f) + insole[k + 1] * f) + noise(rng);
    if (j % 97 == 0) out[j] = std::nan("");
  }
  return out;
}

TEST(ClockOffset, AWatchSevenSecondsAheadIsFound) {
  const auto insole = insole_cadence(1);
  const auto watch = watch_of(insole, 7, 2);
  const ClockOffset c = estimate_clock_offset(insole, watch);
  ASSERT_EQ(c.result, ClockOffsetResult::kMeasured) << c.correlation << " " << c.margin;
  EXPECT_NEAR(c.offset_s, 7, 0.3);
  EXPECT_GT(c.correlation, 0.9);
}

TEST(ClockOffset, BehindAndBetweenWholeSeconds) {
  const auto insole = insole_cadence(3);
  const ClockOffset c = estimate_clock_offset(insole, watch_of(insole, -42.5, 4));
  ASSERT_EQ(c.result, ClockOffsetResult::kMeasured);
  EXPECT_NEAR(c.offset_s, -42.5, 0.4);
}

// One steady cadence has no shape to line up: not measured, never a guess.
TEST(ClockOffset, ASteadyCadenceIsNotAligned) {
  const std::vector<double> steady(2400, 170.0);
  std::vector<double> noisy(2400);
  std::mt19937 rng(5);
  std::normal_distribution<double> noise(0, 1.0);
  for (auto& x : noisy) x = 85 + noise(rng);
  EXPECT_EQ(estimate_clock_offset(steady, noisy).result, ClockOffsetResult::kTooSteady);
  std::vector<double> jitter(2400);
  for (auto& x : jitter) x = 170 + noise(rng);  // varies, but only by noise: no peak
  const ClockOffset c = estimate_clock_offset(jitter, noisy);
  EXPECT_EQ(c.result, ClockOffsetResult::kNoClearPeak) << c.correlation;
  EXPECT_TRUE(std::isnan(c.offset_s));
}

TEST(ClockOffset, TooLittleOverlapIsNotAligned) {
  const auto insole = insole_cadence(6);
  const std::vector<double> first(insole.begin(), insole.begin() + 100);
  EXPECT_EQ(estimate_clock_offset(first, watch_of(first, 3, 7)).result,
            ClockOffsetResult::kTooShort);
}

}  // namespace
}  // namespace insole::analysis
