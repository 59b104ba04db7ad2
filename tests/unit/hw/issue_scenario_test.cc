// The scenario the hardware issue asks for (hw/scenarios/flatfoot-overpronator-asym8-worn.json):
// a flat-foot (midfoot) landing, over-pronating runner with 8 % left/right load asymmetry on worn
// shoes. Its frames and truth must show exactly that.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/scenario_file.h"

namespace insole::hw::sim {
namespace {

Scenario issue_scenario() {
  return read_scenario_file(std::string(INSOLE_SCENARIOS_DIR) +
                            "/flatfoot-overpronator-asym8-worn.json");
}

double side_mean(const std::vector<StepTruth>& steps, Foot side, double StepTruth::*metric) {
  double sum = 0;
  int n = 0;
  for (const StepTruth& t : steps) {
    if (t.side != side) continue;
    sum += t.*metric;
    ++n;
  }
  return sum / n;
}

double symmetry_index(const std::vector<StepTruth>& steps, double StepTruth::*metric) {
  const double l = side_mean(steps, Foot::kLeft, metric);
  const double r = side_mean(steps, Foot::kRight, metric);
  return (r - l) / (0.5 * (r + l)) * 100;
}

TEST(IssueScenario, FileSaysWhatTheIssueAsks) {
  const Scenario s = issue_scenario();
  EXPECT_EQ(s.strike, StrikeClass::kMidfoot);
  EXPECT_EQ(s.pronation, PronationClass::kOver);
  EXPECT_EQ(s.asymmetry.peak_force_pct, 8);
  EXPECT_EQ(s.asymmetry.impulse_pct, 8);
  EXPECT_EQ(s.shoe_wear, 1.0);
}

TEST(IssueScenario, TruthShowsFlatLandingOverPronationAsymmetryAndWear) {
  const Scenario s = issue_scenario();
  GaitSimulator sim(s, layout_for_eu_size(s.eu_size));
  const std::vector<StepTruth> steps = sim.truth_between(0, 300);
  ASSERT_GT(steps.size(), 800u);
  double cpei = 0, medial = 0;
  int over_band = 0;
  for (const StepTruth& t : steps) {
    EXPECT_EQ(t.strike, StrikeClass::kMidfoot);
    EXPECT_GE(t.strike_index, 0.39);
    EXPECT_LE(t.strike_index, 0.59);
    EXPECT_TRUE(t.flat_foot) << t.heel_to_forefoot_s;
    EXPECT_EQ(t.pronation, PronationClass::kOver);
    over_band += t.cpei_pct < 13.5;  // the analysis' over-pronation band
    EXPECT_GT(t.medial_fraction, 0.53);
    EXPECT_EQ(t.asymmetry.peak_force_pct, 8);
    cpei += t.cpei_pct;
    medial += t.medial_fraction;
  }
  // CPEI 8 with a step-to-step sd of 2 (the contract) leaves ~0.3 % of steps above 13.5.
  EXPECT_GT(over_band, 0.98 * steps.size());
  EXPECT_NEAR(cpei / steps.size(), kCpeiOverPct, 0.5);
  EXPECT_NEAR(medial / steps.size(), kMedialFractionOver, 0.01);
  EXPECT_NEAR(symmetry_index(steps, &StepTruth::peak_force_n), 8, 1.0);
  EXPECT_NEAR(symmetry_index(steps, &StepTruth::impulse_ns), 8, 1.0);
  EXPECT_NEAR(symmetry_index(steps, &StepTruth::loading_rate_n_per_s), 8, 1.0);
  EXPECT_NEAR(symmetry_index(steps, &StepTruth::contact_time_s), 0, 1.0);

  // Worn against new shoes, same runner and seed: higher peak and loading rate.
  Scenario fresh = s;
  fresh.shoe_wear = 0;
  GaitSimulator new_shoes(fresh, layout_for_eu_size(s.eu_size));
  const std::vector<StepTruth> fresh_steps = new_shoes.truth_between(0, 300);
  for (Foot side : {Foot::kLeft, Foot::kRight}) {
    const double peak = side_mean(steps, side, &StepTruth::peak_force_n) /
                        side_mean(fresh_steps, side, &StepTruth::peak_force_n);
    const double rate = side_mean(steps, side, &StepTruth::loading_rate_n_per_s) /
                        side_mean(fresh_steps, side, &StepTruth::loading_rate_n_per_s);
    EXPECT_NEAR(peak, 1.075, 0.01);
    EXPECT_NEAR(rate, 1.20, 0.02);
  }
}

TEST(IssueScenario, FramesCarryTheStepsOfTheTruth) {
  const Scenario s = issue_scenario();
  GaitSimulator sim(s, layout_for_eu_size(s.eu_size));
  const std::vector<StepTruth> steps = sim.truth_between(0, 20);
  std::vector<double> left(kSenselCount), right(kSenselCount);
  // Sampled at the scenario's rate, the total of each foot is loaded exactly between its truth
  // contact and toe-off (to one sample).
  const double dt = 1.0 / s.sample_rate_hz;
  for (std::uint64_t n = 0; sim.frame_time_s(n) < 19.0; ++n) {
    sim.frame(n, left, right);
    const double t = sim.frame_time_s(n);
    for (Foot side : {Foot::kLeft, Foot::kRight}) {
      const std::vector<double>& f = side == Foot::kLeft ? left : right;
      double total = 0;
      for (double x : f) total += x;
      bool in_stance = false, near_edge = false;
      for (const StepTruth& st : steps) {
        if (st.side != side) continue;
        in_stance |= t > st.contact_s && t < st.toe_off_s;
        near_edge |= std::abs(t - st.contact_s) < dt || std::abs(t - st.toe_off_s) < dt;
      }
      if (near_edge) continue;
      EXPECT_EQ(total > kStepThresholdN, in_stance) << t;
    }
  }
}

}  // namespace
}  // namespace insole::hw::sim
