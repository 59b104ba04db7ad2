#include "insole/analysis/gait_analyzer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "insole/hw/sim/simple_foot.h"
#include "sim_fixture.h"

namespace insole::analysis {
namespace {

using testing::read_newtons;
using testing::to_analysis_layout;

// Two simulated feet: right_mass_factor > 1 loads the right foot more (peak and impulse).
GaitAnalyzer run_pair(double right_mass_factor, double strike_index, double seconds,
                      GaitConfig config = {}) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  hw::sim::FootParams l, r;
  l.strike_index = r.strike_index = strike_index;
  l.phase_s = 0.5;
  r.left = false;
  r.phase_s = 0.5 + 60.0 / r.cadence_spm;
  r.body_mass_kg = l.body_mass_kg * right_mass_factor;
  hw::sim::SimpleFoot left(hw_layout, l), right(hw_layout, r);
  hw::sim::SensorReadout left_readout(hw_layout.sensels.size(), {}, 1);
  hw::sim::SensorReadout right_readout(hw_layout.sensels.size(), {}, 2);
  GaitAnalyzer analyzer(to_analysis_layout(hw_layout), config);
  std::vector<double> f(hw_layout.sensels.size());
  for (int i = 0; i < static_cast<int>(seconds * 200); ++i) {
    const double t = i / 200.0;
    left.forces_at(t, f);
    analyzer.push(Side::kLeft, t, read_newtons(left_readout, f));
    right.forces_at(t, f);
    analyzer.push(Side::kRight, t, read_newtons(right_readout, f));
  }
  return analyzer;
}

TEST(GaitAnalyzer, SymmetricRunnerHasNoFindings) {
  const auto g = run_pair(1.0, 0.15, 30).summary();
  EXPECT_NEAR(g.cadence_spm, 170, 2);
  EXPECT_NEAR(g.mean_flight_time_s, 60.0 / 170 - 0.25, 0.01);  // running: both feet airborne
  for (const auto& foot : g.feet) {
    EXPECT_GE(foot.steps, 40u);
    EXPECT_EQ(foot.strike, Strike::kRearfoot);
    EXPECT_DOUBLE_EQ(foot.flat_foot_fraction, 0.0);
  }
  for (const auto& a : g.asymmetry) {
    EXPECT_FALSE(a.flagged);
    EXPECT_LT(std::abs(a.si_pct), 1.0);
  }
  for (const auto& alert : g.alerts) EXPECT_NE(alert.code, "imbalance") << alert.finding;
  for (const auto& alert : g.alerts) EXPECT_NE(alert.code, "flat_landing") << alert.finding;
}

TEST(GaitAnalyzer, EightPercentHeavierRightFootIsFlaggedWithAdvice) {
  const auto g = run_pair(1.08, 0.15, 30).summary();
  const double expected = 200.0 * 0.08 / 2.08;
  const auto& peak = g.asymmetry[0];
  EXPECT_NEAR(peak.si_pct, expected, 1.0);
  EXPECT_TRUE(peak.flagged);
  EXPECT_LT(peak.ci_low_pct, expected + 0.5);
  EXPECT_GT(peak.ci_high_pct, expected - 0.5);
  EXPECT_TRUE(g.asymmetry[1].flagged);   // impulse
  EXPECT_FALSE(g.asymmetry[2].flagged);  // contact time is the same
  bool alerted = false;
  for (const auto& a : g.alerts) {
    if (a.code == "imbalance" && a.metric.find("peak_force") != std::string::npos) {
      alerted = true;
      EXPECT_NE(a.finding.find("right leg"), std::string::npos) << a.finding;
      EXPECT_FALSE(a.advice.empty());
    }
  }
  EXPECT_TRUE(alerted);
}

TEST(GaitAnalyzer, FlatLandingRaisesItsAlert) {
  const auto g = run_pair(1.0, 0.5, 20).summary();
  int flat_alerts = 0;
  for (const auto& a : g.alerts) {
    if (a.code != "flat_landing") continue;
    ++flat_alerts;
    EXPECT_EQ(a.side, "");  // both feet: one alert
    EXPECT_NE(a.finding.find("of your left and"), std::string::npos) << a.finding;
  }
  EXPECT_EQ(flat_alerts, 1);
  EXPECT_EQ(g.feet[0].strike, Strike::kMidfoot);
}

TEST(Cadence, MedianStrideIgnoresMissingSteps) {
  std::vector<Step> steps;
  for (int i = 0; i < 40; ++i) {
    if (i == 11 || i == 12 || i == 25) continue;  // lost: two in a row, then one
    Step s;
    s.side = i % 2 ? Side::kRight : Side::kLeft;
    s.contact_s = 0.35 * i;
    steps.push_back(s);
  }
  EXPECT_NEAR(cadence_spm(steps), 60.0 / 0.35, 1e-9);
  EXPECT_EQ(cadence_spm({}), 0.0);
}

}  // namespace
}  // namespace insole::analysis
