#include "insole/api/live_metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace insole::api {
namespace {

using analysis::Pronation;
using analysis::Side;
using analysis::Step;
using analysis::Strike;

// 30 strides of each foot, 0.7 s per stride (171 steps/min over both feet). The first 10
// strides land on the heel, the rest flat on the midfoot and over-pronating, and the right leg
// takes 10 % more force: the window of the last 40 steps must see only the recent running.
std::vector<Step> run_steps() {
  std::vector<Step> steps;
  for (int i = 0; i < 30; ++i) {
    for (const Side side : {Side::kLeft, Side::kRight}) {
      Step s;
      s.side = side;
      s.contact_s = 0.7 * i + (side == Side::kRight ? 0.35 : 0.0);
      s.toe_off_s = s.contact_s + 0.25;
      const bool recent = i >= 10;
      s.strike = recent ? Strike::kMidfoot : Strike::kRearfoot;
      s.flat_foot = recent;
      s.pronation_index = recent ? 7.0 : 18.0;
      s.pronation = recent ? Pronation::kOver : Pronation::kNeutral;
      s.peak_force_n = (side == Side::kRight ? 1980.0 : 1800.0) + (i % 3) * 10.0;
      s.impulse_ns = 250 + (i % 2);
      s.loading_rate_n_per_s = 20000 + (i % 4) * 100.0;
      steps.push_back(s);
    }
  }
  steps[steps.size() - 2].strike = Strike::kForefoot;  // the very last left step
  return steps;
}

TEST(LiveMetrics, WindowOfTheMostRecentSteps) {
  const auto steps = run_steps();
  const double now = steps.back().toe_off_s + 0.5;
  const LiveMetrics live = live_metrics(steps, now);
  EXPECT_EQ(live.window_steps, 40u);
  ASSERT_TRUE(live.cadence_spm);
  EXPECT_NEAR(*live.cadence_spm, 120.0 / 0.7, 0.01);
  ASSERT_TRUE(live.since_last_step_s);
  EXPECT_NEAR(*live.since_last_step_s, 0.5, 1e-9);
  EXPECT_EQ(live.left.steps, 20u);
  EXPECT_EQ(live.right.steps, 20u);
  EXPECT_EQ(live.left.last_strike, "forefoot");
  EXPECT_EQ(live.right.last_strike, "midfoot");
  // Only recent steps: all flat, over-pronating (the early heel strikes are out of the window).
  EXPECT_DOUBLE_EQ(*live.left.flat_foot_pct, 100.0);
  EXPECT_EQ(live.right.pronation, "over");
  EXPECT_DOUBLE_EQ(*live.right.pronation_index, 7.0);
  ASSERT_EQ(live.asymmetry.size(), 4u);
  EXPECT_EQ(live.asymmetry[0].metric, "peak_force");
  ASSERT_TRUE(live.asymmetry[0].si_pct);
  EXPECT_NEAR(*live.asymmetry[0].si_pct, 9.5, 0.3);
  EXPECT_TRUE(live.asymmetry[0].flagged);
  std::vector<std::string> codes;
  for (const auto& a : live.alerts) codes.push_back(a.code);
  EXPECT_EQ(codes, (std::vector<std::string>{"flat_landing", "overpronation", "imbalance"}));
  // The words come from reports::describe, the same as insolectl's and the run report's.
  EXPECT_NE(live.alerts[0].finding.find("land flat-footed"), std::string::npos);
  EXPECT_EQ(live.alerts[2].metric, "peak_force");

  // The whole run would have said something else: 1/3 heel strikes, 2/3 flat.
  const LiveMetrics whole = live_metrics(steps, now, {}, steps.size());
  EXPECT_NEAR(*whole.left.flat_foot_pct, 200.0 / 3.0, 1e-9);
}

TEST(LiveMetrics, ASilentSensorWithholdsTheLiveForceBalanceAndSaysWhy) {
  auto steps = run_steps();
  for (auto& s : steps)
    if (s.side == Side::kRight) s.silent_sensel = 11;
  const LiveMetrics m = live_metrics(steps, 21.0, analysis::GaitConfig{}, 40);
  for (const auto& a : m.asymmetry) {
    EXPECT_EQ(a.withheld, a.metric != "contact_time") << a.metric;
    if (a.withheld) {
      EXPECT_FALSE(a.si_pct) << a.metric;  // the right leg's "10 % more" is not claimed
      EXPECT_FALSE(a.flagged) << a.metric;
    }
  }
  for (const auto& a : m.alerts) EXPECT_NE(a.code, "imbalance");
  EXPECT_NE(m.sensor_note.find("Sensor 12 of your right insole"), std::string::npos)
      << m.sensor_note;
  EXPECT_TRUE(live_metrics(run_steps(), 21.0, analysis::GaitConfig{}, 40).sensor_note.empty());
}

TEST(LiveMetrics, NothingKnownBeforeTheFirstSteps) {
  const LiveMetrics none = live_metrics({}, 3.0);
  EXPECT_EQ(none.window_steps, 0u);
  EXPECT_FALSE(none.cadence_spm);
  EXPECT_FALSE(none.since_last_step_s);
  EXPECT_FALSE(none.left.last_strike);
  EXPECT_TRUE(none.asymmetry.empty());

  // One left step: no cadence, no symmetry index, nothing about the right foot.
  std::vector<Step> one(1);
  one[0].contact_s = 1.0;
  one[0].toe_off_s = 1.25;
  const LiveMetrics first = live_metrics(one, 2.0);
  EXPECT_FALSE(first.cadence_spm);
  EXPECT_EQ(first.left.last_strike, "rearfoot");
  EXPECT_FALSE(first.right.last_strike);
  EXPECT_FALSE(first.right.flat_foot_pct);
  ASSERT_EQ(first.asymmetry.size(), 4u);
  EXPECT_FALSE(first.asymmetry[0].si_pct);
  EXPECT_TRUE(first.alerts.empty());
}

}  // namespace
}  // namespace insole::api
