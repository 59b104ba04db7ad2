// A sensel that reads nothing on one insole while its twin on the other insole carries load:
// the steps name it, and the run withholds the force balance instead of reporting a wrong one.
#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/hw/sim/sensor_artefacts.h"
#include "insole/hw/sim/simple_foot.h"
#include "sim_fixture.h"

namespace insole::analysis {
namespace {

using testing::read_newtons;
using testing::to_analysis_layout;

struct Faults {
  std::optional<std::size_t> left_dead, right_stuck;
};

// Two simulated feet through the read-out; the right one loads right_mass_factor x the left.
GaitAnalyzer run_pair(double right_mass_factor, Faults faults, double seconds = 40) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  const std::size_t n = hw_layout.sensels.size();
  hw::sim::FootParams l, r;
  l.phase_s = 0.5;
  r.left = false;
  r.phase_s = 0.5 + 60.0 / r.cadence_spm;
  r.body_mass_kg = l.body_mass_kg * right_mass_factor;
  hw::sim::SimpleFoot left(hw_layout, l), right(hw_layout, r);
  hw::sim::ArtefactParams lp, rp;
  lp.dead_sensel = faults.left_dead;
  rp.stuck_sensel = faults.right_stuck;
  hw::sim::SensorArtefacts left_art(n, lp, 11), right_art(n, rp, 12);
  hw::sim::SensorReadout left_readout(n, {}, 1), right_readout(n, {}, 2);
  GaitAnalyzer analyzer(to_analysis_layout(hw_layout));
  std::vector<double> f(n);
  for (int i = 0; i < static_cast<int>(seconds * 200); ++i) {
    const double t = i / 200.0;
    left.forces_at(t, f);
    left_art.apply(t, f);
    analyzer.push(Side::kLeft, t, read_newtons(left_readout, f));
    right.forces_at(t, f);
    right_art.apply(t, f);
    analyzer.push(Side::kRight, t, read_newtons(right_readout, f));
  }
  return analyzer;
}

// The sensel carrying the most load in a clean run (the fault that matters most).
std::size_t busiest_sensel() {
  const hw::SenselLayout hw_layout = hw::default_layout();
  hw::sim::FootParams p;
  hw::sim::SimpleFoot foot(hw_layout, p);
  std::vector<double> f(hw_layout.sensels.size()), sum(f.size());
  for (int i = 0; i < 2000; ++i) {
    foot.forces_at(i / 200.0, f);
    for (std::size_t k = 0; k < f.size(); ++k) sum[k] += f[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 0; k < sum.size(); ++k)
    if (sum[k] > sum[best]) best = k;
  return best;
}

constexpr auto kImpulse = static_cast<std::size_t>(Metric::kImpulse);
constexpr auto kPeak = static_cast<std::size_t>(Metric::kPeakForce);
constexpr auto kContact = static_cast<std::size_t>(Metric::kContactTime);

TEST(SilentSensel, ADeadSenselOnOneInsoleIsNamedAndTheForceBalanceWithheld) {
  const std::size_t dead = busiest_sensel();
  const GaitAnalyzer a = run_pair(1.0, {.left_dead = dead, .right_stuck = std::nullopt});
  const GaitSummary s = a.summary();
  EXPECT_EQ(s.silent_sensel[0].sensel, static_cast<int>(dead));
  EXPECT_GT(s.silent_sensel[0].share, 0.5);
  EXPECT_EQ(s.silent_sensel[1].sensel, -1) << "the working insole is not the silent one";
  EXPECT_TRUE(s.force_asymmetry_withheld);
  for (std::size_t m : {kImpulse, kPeak}) {
    EXPECT_TRUE(s.asymmetry[m].withheld);
    EXPECT_TRUE(std::isnan(s.asymmetry[m].si_pct));
    EXPECT_FALSE(s.asymmetry[m].flagged);
  }
  // Timing does not depend on one sensel's force: still compared.
  EXPECT_FALSE(s.asymmetry[kContact].withheld);
  EXPECT_TRUE(std::isfinite(s.asymmetry[kContact].si_pct));
  // Steps before both feet had enough steps to compare carry no claim.
  EXPECT_EQ(a.steps().front().silent_sensel, -1);
}

TEST(SilentSensel, AStuckSenselIsZeroedAwayAndFoundTheSameWay) {
  const std::size_t stuck = busiest_sensel();
  const GaitSummary s = run_pair(1.0, {.left_dead = std::nullopt, .right_stuck = stuck}).summary();
  EXPECT_EQ(s.silent_sensel[1].sensel, static_cast<int>(stuck));
  EXPECT_EQ(s.silent_sensel[0].sensel, -1);
  EXPECT_TRUE(s.force_asymmetry_withheld);
}

TEST(SilentSensel, ARealImbalanceWithEverySenselWorkingIsReportedNotWithheld) {
  const GaitSummary s = run_pair(1.10, {}).summary();
  EXPECT_EQ(s.silent_sensel[0].sensel, -1);
  EXPECT_EQ(s.silent_sensel[1].sensel, -1);
  EXPECT_FALSE(s.force_asymmetry_withheld);
  EXPECT_FALSE(s.asymmetry[kImpulse].withheld);
  EXPECT_GT(s.asymmetry[kImpulse].si_pct, 5.0);
  EXPECT_TRUE(s.asymmetry[kImpulse].flagged);
}

TEST(SilentSensel, StoredStepsGiveTheSameSummary) {
  // summarize() reads only the steps: a report rebuilt from storage withholds as the live one.
  const GaitAnalyzer a =
      run_pair(1.0, {.left_dead = busiest_sensel(), .right_stuck = std::nullopt});
  const GaitSummary again = summarize(a.steps(), GaitConfig{});
  EXPECT_TRUE(again.force_asymmetry_withheld);
  EXPECT_EQ(again.silent_sensel[0].sensel, a.summary().silent_sensel[0].sensel);
}

}  // namespace
}  // namespace insole::analysis
