// The sensor artefacts of hw/sim: each does what the FSR literature says, on signals whose answer
// is known in closed form.
#include "insole/hw/sim/sensor_artefacts.h"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "insole/hw/sim/frame_losses.h"

namespace insole::hw::sim {
namespace {

TEST(SensorArtefactsTest, NoArtefactsPassTheForceThrough) {
  SensorArtefacts a(3, {}, 1);
  std::vector<double> f = {0, 10, 250};
  a.apply(0, f);
  EXPECT_EQ(f, (std::vector<double>{0, 10, 250}));
}

TEST(SensorArtefactsTest, LagFollowsAStepWithItsTimeConstant) {
  ArtefactParams p;
  p.lag_s = 0.004;
  SensorArtefacts a(1, p, 1);
  std::vector<double> f = {0};
  a.apply(0, f);
  // A ramp to 100 N within 0.1 ms, then constant: after one time constant 63 % is there.
  f = {100};
  a.apply(0.0001, f);
  f = {100};
  a.apply(0.0041, f);
  EXPECT_NEAR(f[0], 100 * (1 - std::exp(-1.0)), 1.5);
  f = {100};
  a.apply(0.05, f);
  EXPECT_NEAR(f[0], 100, 0.01);
}

TEST(SensorArtefactsTest, LagDelaysARampByItsTimeConstant) {
  ArtefactParams p;
  p.lag_s = 0.003;
  SensorArtefacts a(1, p, 1);
  std::vector<double> f(1);
  for (int i = 0; i <= 40; ++i) {  // 10 kN/s from t = 0, sampled at 1 kHz
    f = {1e4 * i * 1e-3};
    a.apply(i * 1e-3, f);
  }
  // Steady state of a first-order lag on a ramp: the ramp 3 ms late.
  EXPECT_NEAR(f[0], 1e4 * (0.040 - 0.003), 1.0);
}

TEST(SensorArtefactsTest, CreepRaisesASteadyLoadPerDecadeOfTime) {
  ArtefactParams p;
  p.creep_per_decade = 0.05;
  p.creep_t0_s = 0.01;
  SensorArtefacts a(1, p, 1);
  std::vector<double> f = {100};
  a.apply(0, f);
  EXPECT_DOUBLE_EQ(f[0], 100);
  f = {100};
  a.apply(0.09, f);  // 0.1 s of load measured from t0: log10(1 + 9) = 1 decade
  EXPECT_NEAR(f[0], 105, 1e-9);
}

TEST(SensorArtefactsTest, UnloadingReadsHigherThanLoading) {
  ArtefactParams p;
  p.hysteresis = 0.1;
  SensorArtefacts a(1, p, 1);
  std::vector<double> f = {50};
  a.apply(0, f);
  EXPECT_DOUBLE_EQ(f[0], 50);  // loading: no excess
  f = {100};
  a.apply(0.01, f);
  f = {50};
  a.apply(0.02, f);
  EXPECT_DOUBLE_EQ(f[0], 50 + 0.1 * 50 * 0.5);
}

TEST(SensorArtefactsTest, DriftHasTheAskedSpreadAndIsSlow) {
  ArtefactParams p;
  p.drift_sd_n = 4;
  p.drift_tau_s = 30;
  SensorArtefacts a(200, p, 7);
  std::vector<double> f(200, 0.0);
  a.apply(0, f);
  const std::vector<double> first = f;
  double sq = 0, step_sq = 0;
  for (std::size_t i = 0; i < f.size(); ++i) sq += f[i] * f[i];
  std::vector<double> next(200, 0.0);
  a.apply(0.005, next);
  for (std::size_t i = 0; i < f.size(); ++i) step_sq += (next[i] - first[i]) * (next[i] - first[i]);
  EXPECT_NEAR(std::sqrt(sq / 200), 4.0, 0.6);
  // Over 5 ms the drift moves by sd x sqrt(2 dt / tau) = 0.073 N rms.
  EXPECT_LT(std::sqrt(step_sq / 200), 0.15);
}

TEST(SensorArtefactsTest, DeadAndStuckSensels) {
  ArtefactParams p;
  p.dead_sensel = 0;
  p.stuck_sensel = 1;
  p.stuck_n = 33;
  SensorArtefacts a(3, p, 1);
  std::vector<double> f = {500, 500, 500};
  a.apply(0, f);
  EXPECT_EQ(f, (std::vector<double>{0, 33, 500}));
  ArtefactParams bad;
  bad.dead_sensel = 3;
  EXPECT_THROW(SensorArtefacts(3, bad, 1), std::invalid_argument);
}

TEST(FrameLossesTest, BurstsFallInsideStancesWithinTheAskedLength) {
  FrameLossParams p;
  p.burst_per_stance = 1;
  FrameLosses losses(p, 3);
  int longest = 0, run = 0, bursts = 0;
  for (int i = 0; i < 20000; ++i) {
    const double t = i * 0.005;
    const bool stance = std::fmod(t, 0.7) < 0.25;  // 250 ms stances every 700 ms
    const bool kept = losses.delivered(t, stance ? 800 : 0);
    if (!kept) {
      EXPECT_TRUE(stance || run > 0) << "a burst started in swing at t=" << t;
      if (run++ == 0) ++bursts;
      longest = std::max(longest, run);
    } else {
      if (run > 0) {
        EXPECT_GE(run, 2);
      }
      run = 0;
    }
  }
  EXPECT_LE(longest, 12);
  EXPECT_GT(bursts, 100);
}

TEST(FrameLossesTest, AnAbsentInsoleDeliversNothing) {
  FrameLossParams p;
  p.absent_from_s = 1;
  p.absent_to_s = 2;
  FrameLosses losses(p, 3);
  EXPECT_TRUE(losses.delivered(0.99, 0));
  EXPECT_FALSE(losses.delivered(1.0, 800));
  EXPECT_FALSE(losses.delivered(1.99, 0));
  EXPECT_TRUE(losses.delivered(2.0, 0));
  EXPECT_EQ(losses.dropped(), 2u);
}

}  // namespace
}  // namespace insole::hw::sim
