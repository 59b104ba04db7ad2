#include "insole/analysis/foot_analyzer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <utility>
#include <vector>

#include "insole/hw/sim/sensor_artefacts.h"
#include "insole/hw/sim/simple_foot.h"
#include "sim_fixture.h"

namespace insole::analysis {
namespace {

using testing::read_newtons;
using testing::to_analysis_layout;

struct RunResult {
  std::vector<Step> steps;
  decltype(std::declval<const hw::sim::SimpleFoot&>().steps_between(0, 0)) truth;
  std::uint32_t discarded = 0;
};

// Simulates `seconds` of one foot at `rate` Hz through the read-out and analyses it.
RunResult run(double strike_index, double rate, double seconds, double drift_n_per_s = 0,
              double gap_from = -1, double gap_to = -1) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  hw::sim::FootParams p;
  p.strike_index = strike_index;
  p.phase_s = 0.5;
  hw::sim::SimpleFoot foot(hw_layout, p);
  hw::sim::SensorReadout readout(hw_layout.sensels.size(), {}, 7);
  FootAnalyzer analyzer(Side::kLeft, to_analysis_layout(hw_layout));
  RunResult r;
  std::vector<double> forces(hw_layout.sensels.size());
  for (int i = 0; i < static_cast<int>(seconds * rate); ++i) {
    const double t = i / rate;
    if (t >= gap_from && t < gap_to) continue;
    foot.forces_at(t, forces);
    auto n = read_newtons(readout, forces);
    // Sensor drift: every sensel's zero creeps up together.
    for (float& f : n) f += static_cast<float>(drift_n_per_s * t / static_cast<double>(n.size()));
    if (auto s = analyzer.push(t, n)) r.steps.push_back(*s);
  }
  r.truth = foot.steps_between(0, seconds - 0.5);
  r.discarded = analyzer.discarded() + analyzer.discarded_gaps();
  return r;
}

// Matches each truth step to the detected step nearest in contact time.
void expect_matches(const RunResult& r, double contact_mae_s, double toe_off_mae_s) {
  ASSERT_GE(r.steps.size() + 1, r.truth.size());  // the first stance may start before a swing
  double contact_err = 0, toe_err = 0;
  int n = 0;
  for (const auto& t : r.truth) {
    const Step* best = nullptr;
    for (const auto& s : r.steps) {
      if (!best || std::abs(s.contact_s - t.contact_s) < std::abs(best->contact_s - t.contact_s))
        best = &s;
    }
    if (!best || std::abs(best->contact_s - t.contact_s) > 0.1) continue;
    contact_err += std::abs(best->contact_s - t.contact_s);
    toe_err += std::abs(best->toe_off_s - t.toe_off_s);
    ++n;
  }
  ASSERT_GE(n, static_cast<int>(r.truth.size()) - 1);
  EXPECT_LT(contact_err / n, contact_mae_s);
  EXPECT_LT(toe_err / n, toe_off_mae_s);
}

// One foot whose sensels lag the force by a first-order time constant of lag_s; the layout
// declares declared_s.
RunResult run_lagged(double lag_s, double declared_s) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  hw::sim::FootParams p;
  p.phase_s = 0.5;
  hw::sim::SimpleFoot foot(hw_layout, p);
  hw::sim::ArtefactParams ap;
  ap.lag_s = lag_s;
  hw::sim::SensorArtefacts lag(hw_layout.sensels.size(), ap, 3);
  hw::sim::SensorReadout readout(hw_layout.sensels.size(), {}, 7);
  Layout layout = to_analysis_layout(hw_layout);
  layout.sensor_time_constant_s = declared_s;
  FootAnalyzer analyzer(Side::kLeft, layout);
  RunResult r;
  std::vector<double> forces(hw_layout.sensels.size());
  for (int i = 0; i < 20 * 200; ++i) {
    const double t = i / 200.0;
    foot.forces_at(t, forces);
    lag.apply(t, forces);
    if (auto s = analyzer.push(t, read_newtons(readout, forces))) r.steps.push_back(*s);
  }
  r.truth = foot.steps_between(0, 19.5);
  return r;
}

// Mean absolute contact and toe-off errors (s) against the truth, nearest contact matched.
std::pair<double, double> event_mae(const RunResult& r) {
  double contact = 0, toe_off = 0;
  int n = 0;
  for (const auto& t : r.truth) {
    for (const auto& s : r.steps) {
      if (std::abs(s.contact_s - t.contact_s) > 0.05) continue;
      contact += std::abs(s.contact_s - t.contact_s);
      toe_off += std::abs(s.toe_off_s - t.toe_off_s);
      ++n;
    }
  }
  return n ? std::pair{contact / n, toe_off / n} : std::pair{1.0, 1.0};
}

TEST(FootAnalyzer, ADeclaredSensorLagIsUndoneAtBothEvents) {
  // 4 ms of lag puts both events milliseconds late when the layout says nothing...
  const auto [late_contact, late_toe_off] = event_mae(run_lagged(0.004, 0));
  EXPECT_GT(late_contact, 0.001) << "toe-off " << late_toe_off;
  EXPECT_GT(late_toe_off, 0.002);
  // ... and within the un-lagged sensor's own accuracy when it declares the time constant.
  const auto declared = run_lagged(0.004, 0.004);
  expect_matches(declared, 0.001, 0.003);
  const auto [contact, toe_off] = event_mae(declared);
  EXPECT_LT(contact, late_contact / 2) << "toe-off " << toe_off;
  EXPECT_LT(toe_off, late_toe_off / 3);
}

TEST(FootAnalyzer, RearfootStrikeEventsAt200HzThroughRawCounts) {
  const auto r = run(0.15, 200, 20);
  expect_matches(r, 0.001, 0.003);
  for (const auto& s : r.steps) {
    EXPECT_EQ(s.strike, Strike::kRearfoot);
    EXPECT_NEAR(s.strike_index, 0.15, 0.06);
    EXPECT_FALSE(s.flat_foot);
    EXPECT_GT(s.heel_to_forefoot_s, 0.020);  // heel first, forefoot later
    EXPECT_NEAR(s.contact_time_s(), 0.25, 0.01);
    EXPECT_GT(s.loading_rate_n_per_s, 30 * 70 * 9.8);  // impact transient
  }
}

// A copy (or a move, as into a growing vector) analyses like the original: the stance buffer's
// size limit once lived in its capacity, which a copy does not keep, and a copied analyzer
// found no steps at all.
TEST(FootAnalyzer, ACopyAnalysesLikeTheOriginal) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  hw::sim::SimpleFoot foot(hw_layout, hw::sim::FootParams{});
  hw::sim::SensorReadout readout(hw_layout.sensels.size(), {}, 7);
  const FootAnalyzer original(Side::kLeft, to_analysis_layout(hw_layout));
  FootAnalyzer a = original;
  std::vector<FootAnalyzer> moved;
  moved.push_back(original);
  moved.push_back(original);  // reallocates: moved[0] is moved or copied
  std::vector<double> forces(hw_layout.sensels.size());
  std::size_t steps_a = 0, steps_moved = 0;
  for (int i = 0; i < 20 * 200; ++i) {
    const double t = i / 200.0;
    foot.forces_at(t, forces);
    const auto n = read_newtons(readout, forces);
    steps_a += a.push(t, n).has_value();
    steps_moved += moved[0].push(t, n).has_value();
  }
  EXPECT_GE(steps_a, 25u);  // 20 s at 170 steps/min: 28 strides of one foot
  EXPECT_EQ(steps_moved, steps_a);
}

TEST(FootAnalyzer, MidfootStrikeIsAFlatLanding) {
  const auto r = run(0.5, 200, 20);
  expect_matches(r, 0.001, 0.003);
  int flat = 0;
  for (const auto& s : r.steps) {
    EXPECT_EQ(s.strike, Strike::kMidfoot) << s.strike_index;
    flat += s.flat_foot;
  }
  EXPECT_GE(flat, static_cast<int>(r.steps.size()) * 9 / 10);
}

TEST(FootAnalyzer, TheToesShareOfThePushOffIsAShareAndNeedsToeSensels) {
  const auto r = run(0.15, 200, 20);
  ASSERT_FALSE(r.steps.empty());
  for (const auto& s : r.steps) {
    EXPECT_GT(s.toe_share, 0.02) << s.contact_s;  // the toes push off too
    EXPECT_LT(s.toe_share, 0.9) << s.contact_s;
  }
  // A layout whose front row stops at the metatarsal heads: no toe share, never 0.
  Layout heads_only;
  heads_only.foot_length_mm = 260;
  heads_only.sensels = {{0, 30, 100}, {10, 40, 100}, {0, 180, 100}, {15, 190, 100}};
  FootAnalyzer a(Side::kLeft, heads_only);
  std::vector<float> f(4, 0.0f);
  std::vector<Step> steps;
  for (int i = 0; i < 2000; ++i) {
    const double t = i / 200.0, phase = std::fmod(t, 0.7);
    const float load = phase > 0.2 && phase < 0.45
                           ? static_cast<float>(300 * std::sin((phase - 0.2) / 0.25 * M_PI))
                           : 0.0f;
    std::fill(f.begin(), f.end(), load);
    if (auto s = a.push(t, f)) steps.push_back(*s);
  }
  ASSERT_FALSE(steps.empty());
  for (const auto& s : steps) EXPECT_TRUE(std::isnan(s.toe_share));
}

TEST(FootAnalyzer, ForefootStrike) {
  const auto r = run(0.8, 200, 20);
  expect_matches(r, 0.001, 0.003);
  for (const auto& s : r.steps) {
    EXPECT_EQ(s.strike, Strike::kForefoot) << s.strike_index;
    EXPECT_FALSE(s.flat_foot);
  }
}

TEST(FootAnalyzer, BaselineDriftIsRemovedDuringSwing) {
  // +60 N of total drift per minute would swamp a fixed 20 N threshold within 20 s.
  const auto r = run(0.15, 200, 60, 1.0);
  expect_matches(r, 0.001, 0.003);
  EXPECT_GE(r.steps.size(), r.truth.size() - 1);
}

TEST(FootAnalyzer, LostFramesDropTheStanceNotTheTiming) {
  const auto r = run(0.15, 200, 20, 0, 5.0, 5.3);
  EXPECT_GE(r.discarded, 1u);
  for (const auto& s : r.steps) EXPECT_NEAR(s.contact_time_s(), 0.25, 0.01);
  EXPECT_GE(r.steps.size(), r.truth.size() - 3);
}

TEST(FootAnalyzer, DriftFasterThanAnySwingWindowIsFollowed) {
  // +10 N/s of total drift: 25 N within 2.5 s, more than a rolling-minimum zero could follow.
  const auto r = run(0.15, 200, 30, 10.0);
  expect_matches(r, 0.0015, 0.003);  // the zero lags a fast ramp by a few newtons
}

TEST(FootAnalyzer, AStanceWithAShortDropoutIsStillOneStepMarkedMissing) {
  hw::sim::FootParams p;
  p.strike_index = 0.15;
  p.phase_s = 0.5;
  const auto truth = hw::sim::SimpleFoot(hw::default_layout(), p).steps_between(0, 20);
  ASSERT_GT(truth.size(), 10u);
  const double from = truth[8].contact_s + 0.05;  // 60 ms (11 frames) lost mid-stance
  const auto r = run(0.15, 200, 20, 0, from, from + 0.06);
  expect_matches(r, 0.001, 0.003);
  int marked = 0;
  for (const auto& s : r.steps) {
    if (std::abs(s.contact_s - truth[8].contact_s) < 0.01) {
      EXPECT_NEAR(s.missing_s, 0.055, 0.006);
      EXPECT_NEAR(s.contact_time_s(), truth[8].toe_off_s - truth[8].contact_s, 0.003);
      ++marked;
    } else {
      EXPECT_EQ(s.missing_s, 0.0);
    }
  }
  EXPECT_EQ(marked, 1);
}

TEST(FootAnalyzer, StandingThenRunningFindsTheStepsAfterTheStand) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  hw::sim::FootParams p;
  p.strike_index = 0.15;
  p.phase_s = 0.5;
  hw::sim::SimpleFoot foot(hw_layout, p);
  const auto truth = foot.steps_between(0, 30);
  hw::sim::SensorReadout readout(hw_layout.sensels.size(), {}, 7);
  FootAnalyzer analyzer(Side::kLeft, to_analysis_layout(hw_layout));
  std::vector<double> forces(hw_layout.sensels.size());
  // Mid-stance of the first step, held for the first 10 s (standing), then the run.
  const double stand_t = (truth[0].contact_s + truth[0].toe_off_s) / 2;
  std::vector<Step> steps;
  for (int i = 0; i < 30 * 200; ++i) {
    const double t = i / 200.0;
    foot.forces_at(t < 10 ? stand_t : t, forces);
    if (auto s = analyzer.push(t, read_newtons(readout, forces))) steps.push_back(*s);
  }
  int expected = 0, found = 0;
  for (const auto& tr : truth) {
    if (tr.contact_s < 10.5) continue;
    ++expected;
    for (const auto& s : steps) found += std::abs(s.contact_s - tr.contact_s) < 0.002;
  }
  EXPECT_GT(expected, 20);
  EXPECT_EQ(found, expected);
}

TEST(FootAnalyzer, FramesOfTheWrongSizeAreIgnored) {
  FootAnalyzer a(Side::kRight, to_analysis_layout(hw::default_layout()));
  std::vector<float> wrong(10, 100.f);
  EXPECT_FALSE(a.push(0.0, wrong));
}

}  // namespace
}  // namespace insole::analysis
