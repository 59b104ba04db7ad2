// Two feet analysed apart (FootPass, as re-analysis does on two threads) and combined give
// exactly the steps of one GaitAnalyzer over the same frames in time order: the same events,
// flight times and silent sensels, in the same order.
#include "insole/analysis/foot_pass.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/hw/sim/sensor_artefacts.h"
#include "insole/hw/sim/simple_foot.h"
#include "sim_fixture.h"

namespace insole::analysis {
namespace {

using testing::read_newtons;
using testing::to_analysis_layout;

// Bit for bit, NaN included.
bool same(double a, double b) {
  return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b);
}

void expect_same_steps(const std::vector<Step>& want, const std::vector<Step>& got) {
  ASSERT_EQ(want.size(), got.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    const Step& a = want[i];
    const Step& b = got[i];
    SCOPED_TRACE("step " + std::to_string(i));
    EXPECT_EQ(a.side, b.side);
    EXPECT_TRUE(same(a.contact_s, b.contact_s));
    EXPECT_TRUE(same(a.toe_off_s, b.toe_off_s));
    EXPECT_TRUE(same(a.strike_index, b.strike_index));
    EXPECT_EQ(a.strike, b.strike);
    EXPECT_EQ(a.flat_foot, b.flat_foot);
    EXPECT_TRUE(same(a.heel_to_forefoot_s, b.heel_to_forefoot_s));
    EXPECT_TRUE(same(a.cpei_pct, b.cpei_pct));
    EXPECT_TRUE(same(a.medial_fraction, b.medial_fraction));
    EXPECT_TRUE(same(a.toe_share, b.toe_share));
    EXPECT_TRUE(same(a.pronation_index, b.pronation_index));
    EXPECT_EQ(a.pronation, b.pronation);
    EXPECT_TRUE(same(a.peak_force_n, b.peak_force_n));
    EXPECT_TRUE(same(a.loading_rate_n_per_s, b.loading_rate_n_per_s));
    EXPECT_TRUE(same(a.impulse_ns, b.impulse_ns));
    EXPECT_TRUE(same(a.flight_time_s, b.flight_time_s))
        << a.flight_time_s << " " << b.flight_time_s;
    EXPECT_TRUE(same(a.missing_s, b.missing_s));
    EXPECT_EQ(a.silent_sensel, b.silent_sensel);
  }
}

struct Pair {
  double right_offset_s = 0;  // the right insole's frames this much after the left's
  bool dead_left_sensel = false;
  double cadence_spm = 170;
  bool walk = false;
};

// Runs the simulated pair through one GaitAnalyzer (frames merged in time order, the left one
// first on equal times) and through two FootPasses, compares, and returns the combined steps.
std::vector<Step> check(const Pair& pair) {
  const hw::SenselLayout hw_layout = hw::default_layout();
  const Layout layout = to_analysis_layout(hw_layout);
  const std::size_t n = hw_layout.sensels.size();
  hw::sim::FootParams l, r;
  l.cadence_spm = r.cadence_spm = pair.cadence_spm;
  if (pair.walk) l.contact_time_s = r.contact_time_s = 0.7 * 120.0 / pair.cadence_spm;
  l.phase_s = 0.5;
  r.left = false;
  r.phase_s = 0.5 + 60.0 / pair.cadence_spm;
  hw::sim::SimpleFoot left(hw_layout, l), right(hw_layout, r);
  hw::sim::ArtefactParams lp;
  if (pair.dead_left_sensel) lp.dead_sensel = 20;
  hw::sim::SensorArtefacts left_art(n, lp, 11), right_art(n, {}, 12);
  hw::sim::SensorReadout left_readout(n, {}, 1), right_readout(n, {}, 2);

  GaitAnalyzer one(layout);
  FootPass lpass(Side::kLeft, layout, GaitConfig{}.foot);
  FootPass rpass(Side::kRight, layout, GaitConfig{}.foot);
  std::vector<double> f(n);
  for (int i = 0; i < 40 * 200; ++i) {
    const double tl = i / 200.0;
    const double tr = tl + pair.right_offset_s;
    left.forces_at(tl, f);
    left_art.apply(tl, f);
    const auto lf = read_newtons(left_readout, f);
    right.forces_at(tr, f);
    right_art.apply(tr, f);
    const auto rf = read_newtons(right_readout, f);
    one.push(Side::kLeft, tl, lf);
    one.push(Side::kRight, tr, rf);
    lpass.push(tl, lf);
    rpass.push(tr, rf);
  }
  const auto combined = combine_feet(lpass, rpass, GaitConfig{}, Side::kLeft);
  expect_same_steps(one.steps(), combined);
  EXPECT_GT(static_cast<double>(one.steps().size()), 0.9 * 40 * pair.cadence_spm / 60);
  return combined;
}

std::size_t with_flight(const std::vector<Step>& steps) {
  std::size_t n = 0;
  for (const Step& s : steps) n += s.flight_time_s > 0;
  return n;
}

TEST(FootPass, RunningFeetCombineIntoTheOnePassStepsOnEqualTimes) {
  const auto steps = check({});
  EXPECT_GT(with_flight(steps), steps.size() / 2) << "the case must exercise flight times";
}

TEST(FootPass, RunningFeetCombineIntoTheOnePassStepsOnInterleavedTimes) {
  const auto steps = check({.right_offset_s = 0.0025});
  EXPECT_GT(with_flight(steps), steps.size() / 2);
}

TEST(FootPass, ASilentSenselIsNamedOnTheSameStepsAsInOnePass) {
  const auto steps = check({.dead_left_sensel = true});
  std::size_t named = 0;
  for (const Step& s : steps) named += s.side == Side::kLeft && s.silent_sensel == 20;
  EXPECT_GT(named, 20u) << "the case must exercise the silent-sensel rule";
}

TEST(FootPass, WalkingFeetWithNoFlightCombineTheSameWay) {
  const auto steps = check({.cadence_spm = 110, .walk = true});
  EXPECT_EQ(with_flight(steps), 0u);
}

}  // namespace
}  // namespace insole::analysis
