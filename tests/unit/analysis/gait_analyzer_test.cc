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
  for (const auto& alert : g.alerts) EXPECT_NE(alert.code, AlertCode::kImbalance);
  for (const auto& alert : g.alerts) EXPECT_NE(alert.code, AlertCode::kFlatLanding);
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
  // One imbalance alert between the feet, with the flagged metrics' numbers as summarised.
  const Alert* imbalance = nullptr;
  for (const auto& a : g.alerts) {
    if (a.code == AlertCode::kImbalance) imbalance = &a;
  }
  ASSERT_NE(imbalance, nullptr);
  EXPECT_FALSE(imbalance->side);
  ASSERT_GE(imbalance->metrics.size(), 2u);
  EXPECT_EQ(imbalance->metrics[0].metric, Metric::kPeakForce);
  EXPECT_EQ(imbalance->metrics[1].metric, Metric::kImpulse);
  EXPECT_DOUBLE_EQ(imbalance->metrics[0].asymmetry.si_pct, peak.si_pct);
  EXPECT_DOUBLE_EQ(imbalance->metrics[0].asymmetry.ci_low_pct, peak.ci_low_pct);
  EXPECT_DOUBLE_EQ(imbalance->metrics[0].asymmetry.ci_high_pct, peak.ci_high_pct);
  for (const auto& m : imbalance->metrics) {
    EXPECT_TRUE(m.asymmetry.flagged);
    EXPECT_GT(m.asymmetry.si_pct, 0);  // the right foot takes more
    EXPECT_NE(m.metric, Metric::kContactTime);
  }
}

TEST(GaitAnalyzer, FlatLandingRaisesItsAlert) {
  const auto g = run_pair(1.0, 0.5, 20).summary();
  int flat_alerts = 0;
  for (const auto& a : g.alerts) {
    if (a.code != AlertCode::kFlatLanding) continue;
    ++flat_alerts;
    EXPECT_FALSE(a.side);  // both feet: one alert
    EXPECT_DOUBLE_EQ(a.share[0], g.feet[0].flat_foot_fraction);
    EXPECT_DOUBLE_EQ(a.share[1], g.feet[1].flat_foot_fraction);
    EXPECT_GE(a.share[0], 0.3);
    EXPECT_GE(a.share[1], 0.3);
    EXPECT_TRUE(a.metrics.empty());
  }
  EXPECT_EQ(flat_alerts, 1);
  EXPECT_EQ(g.feet[0].strike, Strike::kMidfoot);
}

// n steps of one foot, 0.7 s apart, each flat or not and with the given pronation index.
std::vector<Step> foot_steps(Side side, int n, bool flat, double pronation_index, double t0 = 0) {
  std::vector<Step> out;
  for (int i = 0; i < n; ++i) {
    Step s;
    s.side = side;
    s.contact_s = t0 + 0.7 * i;
    s.toe_off_s = s.contact_s + 0.25;
    s.flat_foot = flat;
    s.pronation_index = pronation_index;
    s.pronation = classify_pronation(pronation_index, PronationBands{});
    s.peak_force_n = 1500;
    s.impulse_ns = 200;
    s.loading_rate_n_per_s = 60000;
    out.push_back(s);
  }
  return out;
}

TEST(GaitAnalyzer, AlertOnOneFootCarriesItsSideAndNumbers) {
  // Left: 12 flat, over-pronating steps; right: 12 neutral heel strikes.
  auto steps = foot_steps(Side::kLeft, 12, true, 9.0);
  const auto right = foot_steps(Side::kRight, 12, false, 19.0, 0.35);
  steps.insert(steps.end(), right.begin(), right.end());
  const auto g = summarize(steps, {});
  ASSERT_EQ(g.alerts.size(), 2u);
  const Alert& flat = g.alerts[0];
  EXPECT_EQ(flat.code, AlertCode::kFlatLanding);
  EXPECT_EQ(flat.side, Side::kLeft);
  EXPECT_DOUBLE_EQ(flat.share[0], 1.0);
  EXPECT_DOUBLE_EQ(flat.share[1], 0.0);
  const Alert& over = g.alerts[1];
  EXPECT_EQ(over.code, AlertCode::kOverpronation);
  EXPECT_EQ(over.side, Side::kLeft);
  EXPECT_DOUBLE_EQ(over.share[0], 1.0);
  EXPECT_DOUBLE_EQ(over.share[1], 0.0);
  EXPECT_DOUBLE_EQ(over.pronation_index[0], 9.0);
  EXPECT_DOUBLE_EQ(over.pronation_index[1], 19.0);
  EXPECT_DOUBLE_EQ(over.neutral_band[0], 13.5);
  EXPECT_DOUBLE_EQ(over.neutral_band[1], 24.5);
  EXPECT_EQ(name(flat.code), "flat_landing");
  EXPECT_EQ(name(over.code), "overpronation");
  EXPECT_EQ(name(AlertCode::kImbalance), "imbalance");
}

TEST(GaitAnalyzer, NoAlertClaimsAnythingAboutAFootWithoutSteps) {
  // Only the right insole recorded: flat, over-pronating steps.
  const auto g = summarize(foot_steps(Side::kRight, 30, true, 8.0), {});
  EXPECT_EQ(g.feet[0].steps, 0u);
  ASSERT_EQ(g.alerts.size(), 2u);
  for (const Alert& a : g.alerts) {
    EXPECT_NE(a.code, AlertCode::kImbalance);
    EXPECT_EQ(a.side, Side::kRight) << name(a.code);  // never "both feet"
    EXPECT_TRUE(std::isnan(a.share[0]));              // no numbers for the missing foot
    EXPECT_DOUBLE_EQ(a.share[1], 1.0);
  }
  EXPECT_TRUE(std::isnan(g.alerts[1].pronation_index[0]));
  EXPECT_DOUBLE_EQ(g.alerts[1].pronation_index[1], 8.0);
  for (const auto& a : g.asymmetry) EXPECT_FALSE(a.flagged);

  // A few steps of a foot (under 10) give numbers but no finding about it.
  auto steps = foot_steps(Side::kRight, 30, true, 8.0);
  const auto left = foot_steps(Side::kLeft, 5, true, 8.0, 0.35);
  steps.insert(steps.end(), left.begin(), left.end());
  for (const Alert& a : summarize(steps, {}).alerts) {
    if (a.code == AlertCode::kImbalance) continue;
    EXPECT_EQ(a.side, Side::kRight) << name(a.code);
    EXPECT_DOUBLE_EQ(a.share[0], 1.0);
  }
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
