#include "insole/analysis/step_detector.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

namespace insole::analysis {
namespace {

// Half-sine stances of `peak` newtons: contact every `period`, lasting `contact`.
double force(double t, double first, double period, double contact, double peak) {
  if (t < first) return 0;
  const double phase = std::fmod(t - first, period);
  return phase < contact ? peak * std::sin(std::numbers::pi * phase / contact) : 0.0;
}

// Exact 20 N crossing times of the half sine.
double crossing_up(double start, double contact, double peak) {
  return start + std::asin(20.0 / peak) / std::numbers::pi * contact;
}

std::vector<Step> detect(double rate, double seconds, double noise = 0) {
  StepDetector d;
  std::vector<Step> steps;
  unsigned seed = 1;
  for (int i = 0; i < static_cast<int>(seconds * rate); ++i) {
    const double t = i / rate;
    seed = seed * 1103515245u + 12345u;
    const double n = noise * ((seed >> 16) % 1000 / 500.0 - 1.0);
    if (auto s = d.push(t, force(t, 0.1, 0.7, 0.25, 1600) + n)) steps.push_back(*s);
  }
  return steps;
}

TEST(StepDetector, FindsEveryStanceWithInterpolatedEvents) {
  const auto steps = detect(200, 7.05);
  ASSERT_EQ(steps.size(), 10u);
  for (size_t k = 0; k < steps.size(); ++k) {
    const double start = 0.1 + 0.7 * static_cast<double>(k);
    const double up = crossing_up(start, 0.25, 1600);
    const double down = start + 0.25 - (up - start);
    EXPECT_NEAR(steps[k].contact_s, up, 0.0005) << k;
    EXPECT_NEAR(steps[k].toe_off_s, down, 0.0005) << k;
    EXPECT_NEAR(steps[k].peak_force_n, 1600, 5);
    // ∫ of a half sine = 2/π · peak · duration (minus the sliver below 20 N).
    EXPECT_NEAR(steps[k].impulse_ns, 2 / std::numbers::pi * 1600 * 0.25, 3);
    EXPECT_GT(steps[k].loading_rate_n_per_s, 10000);
  }
}

TEST(StepDetector, NoiseBelowThresholdMakesNoSteps) {
  StepDetector d;
  for (int i = 0; i < 2000; ++i) EXPECT_FALSE(d.push(i / 200.0, (i % 7) * 2.5));
}

TEST(StepDetector, ShortSpikeIsDiscarded) {
  StepDetector d;
  d.push(0.0, 0);
  d.push(0.005, 100);
  EXPECT_FALSE(d.push(0.010, 0));
  EXPECT_EQ(d.discarded_short(), 1u);
}

TEST(StepDetector, StanceAcrossLostFramesIsDiscardedNotMistimed) {
  StepDetector d;
  std::vector<Step> steps;
  for (int i = 0; i < 1400; ++i) {
    const double t = i / 200.0;
    if (t > 1.55 && t < 1.70) continue;  // 150 ms of frames lost in the third stance
    if (auto s = d.push(t, force(t, 0.1, 0.7, 0.25, 1600))) steps.push_back(*s);
  }
  EXPECT_EQ(d.discarded_gaps(), 1u);
  ASSERT_EQ(steps.size(), 9u);
  for (const auto& s : steps) EXPECT_NEAR(s.contact_time_s(), 0.25, 0.01);
}

TEST(StepDetector, ImpactPeakSetsLoadingRate) {
  // Rearfoot-like stance: steep impact to 1200 N in 30 ms, dip, then an active peak.
  StepDetector d;
  std::vector<Step> steps;
  auto f = [](double t) {
    if (t < 0.1 || t > 0.35) return 0.0;
    const double p = t - 0.1;
    const double impact = 1200 * std::exp(-std::pow((p - 0.03) / 0.012, 2));
    const double active = 1800 * std::sin(std::numbers::pi * p / 0.25);
    return std::max(impact, active);
  };
  for (int i = 0; i < 1000; ++i) {
    if (auto s = d.push(i / 1000.0, f(i / 1000.0))) steps.push_back(*s);
  }
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_NEAR(steps[0].peak_force_n, 1800, 5);
  // 20%..80% of the 1200 N impact within ~ 14 ms: tens of kN/s, far above the active slope.
  EXPECT_GT(steps[0].loading_rate_n_per_s, 40000);
}

}  // namespace
}  // namespace insole::analysis
