// The second validation source's truth: the foot model, its grids, the generator's frames.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numeric>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/hw/validation/experiment.h"
#include "insole/hw/validation/foot_model.h"
#include "insole/hw/validation/generator.h"
#include "insole/hw/validation/sensel_grid.h"

namespace v = insole::hw::validation;
using insole::analysis::Side;

namespace {

std::vector<v::Runner> some_runners() {
  std::vector<v::Runner> runners;
  std::uint64_t seed = 1;
  for (auto strike : {v::StrikeType::kRearfoot, v::StrikeType::kMidfoot, v::StrikeType::kForefoot})
    for (auto p : {v::PronationType::kUnder, v::PronationType::kNeutral, v::PronationType::kOver})
      for (int i = 0; i < 3; ++i)
        runners.push_back(v::draw_runner(v::Gait::kRun, strike, p, 0, seed++));
  for (auto p : {v::PronationType::kUnder, v::PronationType::kNeutral, v::PronationType::kOver})
    runners.push_back(v::draw_runner(v::Gait::kWalk, v::StrikeType::kRearfoot, p, 0, seed++));
  return runners;
}

v::StancePlan stance_of(const v::Runner& r) {
  return v::plan_stance(r, 1.0, r.contact_time_s, r.body_mass_kg * 9.81 * 60 / r.cadence_spm);
}

}  // namespace

TEST(ValidationFootModel, TruthEventsAreTheTwentyNewtonCrossingsOfTheContinuousForce) {
  for (const auto& r : some_runners()) {
    const auto plan = stance_of(r);
    const auto c = v::crossings(plan, 20.0);
    EXPECT_LT(v::total_force(plan, c.up_s - 2e-6), 20.0);
    EXPECT_GE(v::total_force(plan, c.up_s + 2e-6), 20.0);
    EXPECT_GE(v::total_force(plan, c.down_s - 2e-6), 20.0);
    EXPECT_LT(v::total_force(plan, c.down_s + 2e-6), 20.0);
    // No earlier upward and no later downward crossing: scan the force at 20 kHz.
    for (double t = plan.contact_s; t < c.up_s - 2e-6; t += 5e-5)
      ASSERT_LT(v::total_force(plan, t), 20.0) << "force above 20 N before the truth contact";
    for (double t = c.down_s + 2e-6; t < plan.contact_s + plan.duration_s; t += 5e-5)
      ASSERT_LT(v::total_force(plan, t), 20.0) << "force above 20 N after the truth toe-off";
    EXPECT_GT(c.down_s - c.up_s, 0.8 * r.contact_time_s);
  }
}

TEST(ValidationFootModel, ImpulseIsExactAndMatchesBodyWeightTimesStepPeriod) {
  for (const auto& r : some_runners()) {
    const auto plan = stance_of(r);
    double numeric = 0;
    const double dt = 1e-5;
    for (double t = plan.contact_s; t < plan.contact_s + plan.duration_s; t += dt)
      numeric += v::total_force(plan, t) * dt;
    const double target = r.body_mass_kg * 9.81 * 60 / r.cadence_spm;
    EXPECT_NEAR(v::impulse_ns(plan), target, 1e-9 * target);
    EXPECT_NEAR(numeric, target, 1e-3 * target);
  }
}

TEST(ValidationFootModel, PeakForceIsPlausibleForTheGait) {
  for (const auto& r : some_runners()) {
    const auto plan = stance_of(r);
    double peak = 0;
    for (double t = plan.contact_s; t < plan.contact_s + plan.duration_s; t += 1e-4)
      peak = std::max(peak, v::total_force(plan, t));
    const double bw = r.body_mass_kg * 9.81;
    if (r.gait == v::Gait::kRun) {  // Cavanagh & Lafortune 1980: 2-3 body weights
      EXPECT_GT(peak / bw, 2.0);
      EXPECT_LT(peak / bw, 3.2) << v::name(r.strike);
    } else {  // walking: above body weight (fast walking reaches ~1.5)
      EXPECT_GT(peak / bw, 0.9);
      EXPECT_LT(peak / bw, 1.6);
    }
  }
}

TEST(ValidationFootModel, StrikeIndexAtTruthContactLiesInTheRunnersClass) {
  for (const auto& r : some_runners()) {
    const auto plan = stance_of(r);
    const auto c = v::crossings(plan, 20.0);
    const double si = v::centre_of_pressure(plan, c.up_s, r.foot_length_mm)[1] / r.foot_length_mm;
    switch (r.strike) {
      case v::StrikeType::kRearfoot:
        EXPECT_LT(si, 1.0 / 3) << "rearfoot";
        break;
      case v::StrikeType::kMidfoot:
        EXPECT_GE(si, 1.0 / 3 + 0.03) << "midfoot";
        EXPECT_LE(si, 2.0 / 3 - 0.03) << "midfoot";
        break;
      case v::StrikeType::kForefoot:
        EXPECT_GT(si, 2.0 / 3 + 0.02) << "forefoot";
        break;
    }
  }
}

TEST(ValidationFootModel, MidStanceMedialShareIsOrderedByPronationClassForEveryStrike) {
  for (auto strike :
       {v::StrikeType::kRearfoot, v::StrikeType::kMidfoot, v::StrikeType::kForefoot}) {
    double share[3] = {};
    int i = 0;
    for (auto p : {v::PronationType::kUnder, v::PronationType::kNeutral, v::PronationType::kOver}) {
      auto r = v::draw_runner(v::Gait::kRun, strike, p, 0, 3);
      const auto plan = stance_of(r);
      const auto g = v::region_geometry(r.foot_length_mm);
      double medial = 0, lateral = 0;
      std::array<double, v::kRegionCount> loads{};
      for (double s = 0.2; s <= 0.8; s += 0.01) {
        v::region_loads(plan, plan.contact_s + s * plan.duration_s, loads);
        for (std::size_t k = 0; k < v::kRegionCount; ++k)
          (g[k].x_mm > 0 ? medial : lateral) += loads[k];
      }
      share[i++] = medial / (medial + lateral);
    }
    EXPECT_LT(share[0] + 0.04, share[1]) << v::name(strike);
    EXPECT_LT(share[1] + 0.04, share[2]) << v::name(strike);
  }
}

TEST(ValidationFootModel, RegionCentroidsAreTheirKernelsClippedToTheOutline) {
  const double l = 265;
  const auto geometry = v::region_geometry(l);
  const auto centroids = v::region_centroids(l);
  for (std::size_t r = 0; r < v::kRegionCount; ++r) {
    EXPECT_TRUE(v::inside_outline(l, centroids[r][0], centroids[r][1])) << r;
    // Clipping only ever pulls a centroid inward; never by more than a kernel's spread.
    EXPECT_LT(std::abs(centroids[r][1] - geometry[r].y_mm), geometry[r].sy_mm) << r;
  }
  // The heel kernels reach past the back of the heel: clipped there, their load sits forward
  // of the kernel centre. MTH3 lies well inside the outline: its centroid is its centre.
  const auto heel = static_cast<std::size_t>(v::Region::kHeelMedial);
  EXPECT_GT(centroids[heel][1], geometry[heel].y_mm + 2.0);
  const auto mth3 = static_cast<std::size_t>(v::Region::kMth3);
  EXPECT_NEAR(centroids[mth3][0], geometry[mth3].x_mm, 0.5);
  EXPECT_NEAR(centroids[mth3][1], geometry[mth3].y_mm, 0.5);
}

TEST(ValidationGenerator, TrueCpeiIsOrderedByPronationClassAndUndefinedForForefootStrikes) {
  auto mean_cpei = [](v::StrikeType strike, v::PronationType p) {
    const auto runner = v::draw_runner(v::Gait::kRun, strike, p, 0, 11);
    const auto grid = v::make_grid(v::GridKind::kMatrix64, runner.foot_length_mm);
    const v::Generator gen(runner, grid, v::artefacts(v::Condition::kClean), 5, 11);
    double sum = 0;
    int n = 0;
    for (const auto& t : gen.truth()) {
      if (std::isnan(t.cpei_pct)) continue;
      sum += t.cpei_pct;
      ++n;
    }
    return n > 0 ? sum / n : std::numeric_limits<double>::quiet_NaN();
  };
  const double under = mean_cpei(v::StrikeType::kRearfoot, v::PronationType::kUnder);
  const double neutral = mean_cpei(v::StrikeType::kRearfoot, v::PronationType::kNeutral);
  const double over = mean_cpei(v::StrikeType::kRearfoot, v::PronationType::kOver);
  EXPECT_GT(under, neutral + 1.0);
  EXPECT_GT(neutral, over + 1.0);
  EXPECT_TRUE(std::isnan(mean_cpei(v::StrikeType::kForefoot, v::PronationType::kNeutral)));
}

TEST(ValidationGrids, HaveTheirSizesAValidLayoutAndConserveTotalForce) {
  const std::pair<v::GridKind, std::size_t> kinds[] = {{v::GridKind::kDiscrete8, 8},
                                                       {v::GridKind::kMatrix16, 16},
                                                       {v::GridKind::kMatrix64, 64},
                                                       {v::GridKind::kDense, 99}};
  for (const auto& [kind, size] : kinds) {
    const auto grid = v::make_grid(kind, 262);
    if (kind == v::GridKind::kDense)
      EXPECT_GE(grid.layout.sensels.size(), size);
    else
      EXPECT_EQ(grid.layout.sensels.size(), size);
    EXPECT_NO_THROW(insole::analysis::derive_zones(grid.layout)) << v::name(kind);
    double area = 0;
    for (const auto& s : grid.layout.sensels) {
      EXPECT_TRUE(v::inside_outline(262, s.x_mm, s.y_mm)) << v::name(kind);
      area += s.area_mm2;
    }
    EXPECT_GT(area, 0.2 * 262 * 262);  // the cells tile the whole outline
    std::array<double, v::kRegionCount> loads{};
    for (std::size_t r = 0; r < loads.size(); ++r) loads[r] = 10.0 * static_cast<double>(r + 1);
    std::vector<float> forces(grid.share.size());
    grid.spread(loads, forces);
    const double total = std::accumulate(loads.begin(), loads.end(), 0.0);
    EXPECT_NEAR(std::accumulate(forces.begin(), forces.end(), 0.0), total, 1e-4 * total);
  }
}

TEST(ValidationGenerator, CleanFramesSumToTheTrueForceAt200Hz) {
  const auto runner =
      v::draw_runner(v::Gait::kRun, v::StrikeType::kMidfoot, v::PronationType::kNeutral, 0, 4);
  const auto grid = v::make_grid(v::GridKind::kMatrix64, runner.foot_length_mm);
  v::Generator gen(runner, grid, v::artefacts(v::Condition::kClean), 6, 4);
  std::size_t frames = 0;
  double last_left = -1;
  gen.run([&](Side side, double t, std::span<const float> f) {
    ++frames;
    if (side == Side::kLeft) {
      if (last_left >= 0) {
        EXPECT_NEAR(t - last_left, 0.005, 1e-9);
      }
      last_left = t;
    }
    const double sum = std::accumulate(f.begin(), f.end(), 0.0);
    EXPECT_NEAR(sum, gen.true_total_n(side, t), 1e-3 + 1e-5 * sum);
  });
  EXPECT_NEAR(static_cast<double>(frames), 2 * 6 * 200, 4);
  EXPECT_GT(gen.truth().size(), 14u);  // ~2.8 steps/s over 6 s
}

TEST(ValidationGenerator, TruthImpulseRatioFollowsTheAskedAsymmetry) {
  const auto runner =
      v::draw_runner(v::Gait::kRun, v::StrikeType::kRearfoot, v::PronationType::kNeutral, 3.0, 5);
  const auto grid = v::make_grid(v::GridKind::kDiscrete8, runner.foot_length_mm);
  v::Generator gen(runner, grid, v::artefacts(v::Condition::kClean), 120, 5);
  EXPECT_NEAR(v::impulse_si_pct(gen.truth()), 3.0, 0.5);
}

TEST(ValidationGenerator, DroppedBurstsLeaveTimestampGapsInsideStances) {
  const auto runner =
      v::draw_runner(v::Gait::kRun, v::StrikeType::kRearfoot, v::PronationType::kNeutral, 0, 6);
  const auto grid = v::make_grid(v::GridKind::kMatrix16, runner.foot_length_mm);
  v::Generator gen(runner, grid, v::artefacts(v::Condition::kDropouts), 30, 6);
  double last = -1;
  int gaps = 0, gaps_in_stance = 0;
  gen.run([&](Side side, double t, std::span<const float>) {
    if (side != Side::kLeft) return;
    if (last >= 0 && t - last > 1.5 * 0.005) {
      ++gaps;
      EXPECT_LE(t - last, 13 * 0.005 + 1e-9);  // at most 12 frames lost
      if (gen.true_total_n(side, last) > 0 && gen.true_total_n(side, t) > 0) ++gaps_in_stance;
    }
    last = t;
  });
  EXPECT_GT(gaps, 3);
  EXPECT_EQ(gaps, gaps_in_stance);
}

TEST(ValidationGenerator, MissingFootSendsNothingInItsInterval) {
  const auto runner =
      v::draw_runner(v::Gait::kRun, v::StrikeType::kRearfoot, v::PronationType::kNeutral, 0, 7);
  const auto grid = v::make_grid(v::GridKind::kMatrix16, runner.foot_length_mm);
  v::Generator gen(runner, grid, v::artefacts(v::Condition::kFootMissing), 20, 7);
  ASSERT_EQ(gen.absent().size(), 1u);
  const auto a = gen.absent()[0];
  int inside = 0, left_inside = 0;
  gen.run([&](Side side, double t, std::span<const float>) {
    if (t >= a.from_s && t < a.to_s) (side == a.side ? inside : left_inside)++;
  });
  EXPECT_EQ(inside, 0);
  EXPECT_GT(left_inside, 0);
}

TEST(ValidationSensorModel, ClippedNoiseNeverReadsACleanZeroNorBelowIt) {
  v::SensorModel sensor(64, v::artefacts(v::Condition::kClippedNoise), 9);
  std::vector<float> zero(64, 0.0f), out(64);
  double sum = 0;
  int zeros = 0;
  for (int i = 0; i < 200; ++i) {
    sensor.read(i * 0.005, zero, out);
    for (float f : out) {
      ASSERT_GE(f, 0.0f);
      sum += static_cast<double>(f);
    }
    zeros += std::all_of(out.begin(), out.end(), [](float f) { return f == 0.0f; });
  }
  EXPECT_EQ(zeros, 0);
  EXPECT_GT(sum / 200, 64 * 0.4 * 0.3);  // ~ 0.4 sigma / sqrt(2 pi) per sensel
}

TEST(ValidationSensorModel, FirstOrderLagReachesOneMinusOneOverEAtTau) {
  v::FirstOrderLag lag(1, 0.004);
  std::array<double, 1> in{1.0}, out{};
  lag.step(1e-9, in, out);  // a step input
  for (int i = 0; i < 40; ++i) lag.step(1e-4, in, out);
  EXPECT_NEAR(out[0], 1 - std::exp(-1.0), 1e-3);
}

TEST(ValidationSensorModel, DriftStaysWithinItsBoundAndMovesSlowly) {
  auto a = v::artefacts(v::Condition::kDrift);
  v::SensorModel sensor(16, a, 10);
  std::vector<float> zero(16, 0.0f), out(16), first(16);
  double max_step = 0, max_value = 0;
  std::vector<float> prev(16);
  for (int i = 0; i < 60 * 200; ++i) {
    sensor.read(i * 0.005, zero, out);
    if (i > 0)
      for (std::size_t k = 0; k < 16; ++k)
        max_step = std::max(max_step, static_cast<double>(std::abs(out[k] - prev[k])));
    for (float f : out) max_value = std::max(max_value, static_cast<double>(f));
    prev = out;
  }
  EXPECT_LE(max_value, a.drift_n + 1e-6);
  EXPECT_GT(max_value, 0.5 * a.drift_n);
  EXPECT_LT(max_step, 0.01);  // newtons per 5 ms frame: tens of seconds per cycle
}
