// Late-run form change on synthetic runs whose truth is set exactly: per-step metrics with
// slowly wandering (AR(1)) noise, with or without a fatigue drift from the first to the last
// third.
#include "insole/analysis/late_run_form.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace insole::analysis {
namespace {

struct Drift {
  double contact_pct = 0, cadence_pct = 0, loading_rate_pct = 0, strike = 0;  // at the end
  double right_impulse_pct = 0;
  double toe_share = 0;  // the toes' share of push-off drifts by this (share points) by the end
  bool impulse = false;  // steps carry an impulse (the right foot's drifts by the above)
};

// A run of `minutes` at 170 steps/min; each metric drifts linearly from 0 at the start to the
// given change at the end, plus AR(1) noise (r = 0.5) of a realistic step-to-step size.
std::vector<Step> run(double minutes, const Drift& d, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> z(0, 1);
  std::vector<Step> steps;
  const double period = 60.0 / 170;
  double t = 10, e_contact = 0, e_lr = 0, e_strike = 0, e_interval = 0, e_impulse = 0, e_toe = 0;
  const double end = 10 + minutes * 60;
  for (int k = 0; t < end; ++k) {
    const double u = (t - 10) / (end - 10);  // 0..1 through the run
    auto ar = [&](double& e, double sd) {
      e = 0.5 * e + std::sqrt(1 - 0.25) * sd * z(rng);
      return e;
    };
    Step s;
    s.side = k % 2 ? Side::kRight : Side::kLeft;
    s.contact_s = t;
    s.toe_off_s = t + 0.25 * (1 + d.contact_pct / 100 * u) + ar(e_contact, 0.006);
    s.loading_rate_n_per_s = 60000 * (1 + d.loading_rate_pct / 100 * u) + ar(e_lr, 6000);
    s.strike_index = 0.2 + d.strike * u + ar(e_strike, 0.02);
    s.toe_share = 0.30 + d.toe_share * u + ar(e_toe, 0.03);
    if (d.impulse)
      s.impulse_ns = 200 * (s.side == Side::kRight ? 1 + d.right_impulse_pct / 100 * u : 1.0) +
                     ar(e_impulse, 8);
    steps.push_back(s);
    t += period / (1 + d.cadence_pct / 100 * u) + ar(e_interval, 0.008);
  }
  return steps;
}

TEST(LateRunForm, ShortRunsAreNotJudged) {
  const auto steps = run(12, {}, 1);
  const LateRunForm f = late_run_form(steps);
  EXPECT_FALSE(f.judged);
  EXPECT_FALSE(f.any_real());
  EXPECT_FALSE(late_run_form({}).judged);
}

TEST(LateRunForm, AFatigueDriftIsFoundWithItsSizeInsideTheInterval) {
  // Ends 6 % longer contacts, 4 % lower cadence, 12 % higher loading rate, strike 0.06 back:
  // the last third's mean against the first's differs by 2/3 of that.
  const Drift d{6, -4, 12, -0.06};
  const LateRunForm f = late_run_form(run(45, d, 2));
  ASSERT_TRUE(f.judged);
  EXPECT_TRUE(f.contact_time_s.real);
  EXPECT_TRUE(f.cadence_spm.real);
  EXPECT_TRUE(f.loading_rate_n_per_s.real);
  EXPECT_TRUE(f.strike_index.real);
  EXPECT_NEAR(f.contact_time_s.change_pct(), 4.0, 0.8);
  EXPECT_NEAR(f.cadence_spm.change_pct(), -2.7, 0.5);
  EXPECT_NEAR(f.loading_rate_n_per_s.change_pct(), 8.0, 1.5);
  EXPECT_NEAR(f.strike_index.change, -0.04, 0.01);
  EXPECT_LT(f.contact_time_s.ci_low, f.contact_time_s.change);
  EXPECT_GT(f.contact_time_s.ci_high, f.contact_time_s.change);
}

TEST(LateRunForm, OneLegTiringFirstIsAGrowingImpulseDifference) {
  // The right foot's impulse drifts to +8 % by the end: SI about 1.3 in the first third and
  // 6.5 in the last (2/3 of the run apart).
  Drift d;
  d.impulse = true;
  d.right_impulse_pct = 8;
  const LateRunForm f = late_run_form(run(45, d, 6));
  ASSERT_TRUE(f.judged);
  EXPECT_TRUE(f.impulse_si_pct.real);
  EXPECT_NEAR(f.impulse_si_pct.first, 1.3, 0.8);
  EXPECT_NEAR(f.impulse_si_pct.last, 6.5, 0.8);
  EXPECT_LT(f.impulse_si_pct.ci_low, f.impulse_si_pct.change);
  EXPECT_GT(f.impulse_si_pct.ci_low, 0);
  // The same run without the drift: no growth.
  d.right_impulse_pct = 0;
  EXPECT_FALSE(late_run_form(run(45, d, 7)).impulse_si_pct.real);
  EXPECT_FALSE(late_run_form(run(45, {}, 7)).impulse_si_pct.real);  // no impulse at all
}

TEST(LateRunForm, LoadMovingFromTheToesToTheMetatarsalHeadsIsFound) {
  Drift d;
  d.toe_share = -0.08;  // 0.30 -> 0.22 by the end: thirds 2/3 of that apart
  const LateRunForm f = late_run_form(run(45, d, 8));
  ASSERT_TRUE(f.judged);
  EXPECT_TRUE(f.toe_share.real);
  EXPECT_NEAR(f.toe_share.change, -0.053, 0.01);
  EXPECT_FALSE(late_run_form(run(45, {}, 8)).toe_share.real);
  d.toe_share = +0.08;  // toward the toes: not fatigue
  EXPECT_FALSE(late_run_form(run(45, d, 8)).toe_share.real);
}

TEST(LateRunForm, ChangesAwayFromFatigueOrTooSmallAreNotReal) {
  // A runner who sped up late: shorter contacts, higher cadence. And a 1 % contact rise.
  const LateRunForm faster = late_run_form(run(45, {-6, 4, -12, 0.06}, 3));
  ASSERT_TRUE(faster.judged);
  EXPECT_FALSE(faster.any_real());
  const LateRunForm small = late_run_form(run(45, {1.5, 0, 0, 0}, 4));
  ASSERT_TRUE(small.judged);
  EXPECT_FALSE(small.contact_time_s.real) << small.contact_time_s.change_pct();
}

TEST(LateRunForm, AFootMissingForMinutesLateIsNotACadenceDrop) {
  // The right insole lost 5 minutes of the last third: between consecutive contacts of both
  // feet those minutes look like half the cadence; each foot's own strides do not.
  auto steps = run(45, {}, 5);
  std::erase_if(steps, [](const Step& s) {
    return s.side == Side::kRight && s.contact_s > 10 + 35 * 60 && s.contact_s < 10 + 40 * 60;
  });
  const LateRunForm f = late_run_form(steps);
  ASSERT_TRUE(f.judged);
  EXPECT_FALSE(f.cadence_spm.real) << f.cadence_spm.change_pct();
  EXPECT_NEAR(f.cadence_spm.change_pct(), 0, 0.5);
  EXPECT_NEAR(f.cadence_spm.first, 170, 1);
}

TEST(LateRunForm, UnchangedRunsRaiseNoFindingInAtLeast95PercentOfRuns) {
  int false_alarms = 0;
  constexpr int kRuns = 200;
  Drift steady;
  steady.impulse = true;  // the impulse difference judged too
  for (int seed = 0; seed < kRuns; ++seed)
    false_alarms += late_run_form(run(20, steady, 1000 + seed)).any_real();
  EXPECT_LE(false_alarms, kRuns * 5 / 100) << false_alarms << " of " << kRuns;
}

}  // namespace
}  // namespace insole::analysis

namespace insole::analysis {
namespace {

// A watch's speed every second from 0 to `seconds`: `base` m/s, `slow` m/s where slow_at(t).
template <typename SlowAt>
std::vector<SpeedSample> speeds(double seconds, double base, double slow, SlowAt slow_at) {
  std::vector<SpeedSample> out;
  for (double t = 0; t <= seconds; t += 1) out.push_back({t, slow_at(t) ? slow : base});
  return out;
}

// 30 minutes; in the last third every other minute is run 10 % slower, with 8 % longer contact
// and 4 % longer strides' time (lower cadence) then: the slower pace, not fatigue.
std::vector<Step> slower_stretches(std::vector<SpeedSample>& speed) {
  std::vector<Step> steps = run(30, {}, 11);
  const double last_start = steps.back().contact_s - (steps.back().contact_s - 10) / 3;
  auto slow = [last_start](double t) {
    return t >= last_start && static_cast<int>((t - last_start) / 60) % 2 == 1;
  };
  for (Step& s : steps)
    if (slow(s.contact_s)) s.toe_off_s = s.contact_s + s.contact_time_s() * 1.08;
  speed = speeds(steps.back().toe_off_s + 1, 3.0, 2.7, slow);
  return steps;
}

TEST(LateRunFormPace, ASlowerStretchIsNotReadAsFatigueWhenTheWatchSaysSo) {
  std::vector<SpeedSample> speed;
  const auto steps = slower_stretches(speed);
  const LateRunForm blind = late_run_form(steps);
  ASSERT_TRUE(blind.judged);
  EXPECT_TRUE(blind.contact_time_s.real) << blind.contact_time_s.change_pct();  // about +4 %
  EXPECT_FALSE(blind.pace_known);
  const LateRunForm paced = late_run_form(steps, speed);
  ASSERT_TRUE(paced.judged);
  EXPECT_TRUE(paced.pace_known);
  EXPECT_NEAR(paced.first_speed_mps, 3.0, 1e-9);
  EXPECT_NEAR(paced.last_speed_mps, 2.85, 0.02);  // half the last third at 2.7
  EXPECT_FALSE(paced.contact_time_s.real) << paced.contact_time_s.change_pct();
  EXPECT_NEAR(paced.contact_time_s.change_pct(), 0, 1.0);
  EXPECT_LT(paced.last_steps, blind.last_steps * 6 / 10);  // only the steps at the early pace
}

TEST(LateRunFormPace, FatigueAtTheSamePaceIsStillFound) {
  const auto steps = run(30, {.contact_pct = 6}, 12);
  const auto speed = speeds(steps.back().toe_off_s + 1, 3.2, 3.2, [](double) { return false; });
  const LateRunForm f = late_run_form(steps, speed);
  ASSERT_TRUE(f.judged);
  EXPECT_TRUE(f.pace_known);
  EXPECT_TRUE(f.contact_time_s.real);
  EXPECT_EQ(f.last_steps, late_run_form(steps).last_steps);  // every step was at the pace
}

TEST(LateRunFormPace, NotJudgedWhenTooFewStepsWereRunAtTheEarlyPace) {
  const auto steps = run(30, {.contact_pct = 8}, 13);
  const double last_start = steps.back().contact_s - (steps.back().contact_s - 10) / 3;
  const auto speed = speeds(steps.back().toe_off_s + 1, 3.0, 2.6,
                            [last_start](double t) { return t >= last_start; });
  const LateRunForm f = late_run_form(steps, speed);
  EXPECT_FALSE(f.judged);  // never "no change": nothing is said
  EXPECT_TRUE(f.pace_known);
  EXPECT_NEAR(f.last_speed_mps, 2.6, 1e-9);
  // Speed samples that do not reach the steps: as if unknown for them.
  const std::vector<SpeedSample> elsewhere = {{-100, 3.0}, {-99, 3.0}};
  EXPECT_FALSE(late_run_form(steps, elsewhere).pace_known);
}

}  // namespace
}  // namespace insole::analysis
