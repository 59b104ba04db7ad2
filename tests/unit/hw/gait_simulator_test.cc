// GaitSimulator: determinism, ground truth consistent with the scenario and the analysis contract
// (docs/simulator.md), and truth consistent with the forces it emits.
#include "insole/hw/sim/gait_simulator.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace insole::hw::sim {
namespace {

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

double sd(const std::vector<double>& v) {
  const double m = mean(v);
  double s = 0;
  for (double x : v) s += (x - m) * (x - m);
  return std::sqrt(s / static_cast<double>(v.size() - 1));
}

std::vector<double> frames_bytes(const Scenario& s, int frames) {
  GaitSimulator sim(s, default_layout());
  std::vector<double> out;
  std::vector<double> l(kSenselCount), r(kSenselCount);
  for (int n = 0; n < frames; ++n) {
    sim.frame(static_cast<std::uint64_t>(n), l, r);
    out.insert(out.end(), l.begin(), l.end());
    out.insert(out.end(), r.begin(), r.end());
  }
  return out;
}

TEST(GaitSimulator, SameScenarioAndSeedGiveIdenticalBytesOtherSeedsDiffer) {
  Scenario s;
  const std::vector<double> a = frames_bytes(s, 600);
  const std::vector<double> b = frames_bytes(s, 600);
  ASSERT_EQ(a.size(), b.size());
  EXPECT_EQ(0, std::memcmp(a.data(), b.data(), a.size() * sizeof(double)));
  s.seed = 2;
  const std::vector<double> c = frames_bytes(s, 600);
  EXPECT_NE(0, std::memcmp(a.data(), c.data(), a.size() * sizeof(double)));
}

TEST(GaitSimulator, AnswersDoNotDependOnTheOrderOfQuestions) {
  Scenario s;
  GaitSimulator forward(s, default_layout());
  GaitSimulator jump(s, default_layout());
  std::vector<double> a(kSenselCount), b(kSenselCount);
  jump.sample(30.0, Foot::kRight, b);  // plans far ahead first
  for (double t : {0.3, 1.1, 7.77, 30.0}) {
    forward.sample(t, Foot::kRight, a);
    jump.sample(t, Foot::kRight, b);
    EXPECT_EQ(a, b) << t;
  }
  EXPECT_EQ(forward.truth_between(0, 20).size(), jump.truth_between(0, 20).size());
}

TEST(GaitSimulator, TruthTimesAreWhereTheEmittedTotalCrosses20N) {
  Scenario s;
  s.gait = Gait::kWalk;
  s.speed_mps = 1.3;
  s.cadence_spm = 110;
  GaitSimulator sim(s, default_layout());
  std::vector<double> f(kSenselCount);
  const auto total = [&](double t, Foot side) {
    sim.sample(t, side, f);
    double sum = 0;
    for (double x : f) sum += x;
    return sum;
  };
  for (const StepTruth& t : sim.truth_between(0, 10)) {
    EXPECT_LT(total(t.contact_s - 1e-6, t.side), kStepThresholdN);
    EXPECT_GT(total(t.contact_s + 1e-6, t.side), kStepThresholdN);
    EXPECT_GT(total(t.toe_off_s - 1e-6, t.side), kStepThresholdN);
    EXPECT_LT(total(t.toe_off_s + 1e-6, t.side), kStepThresholdN);
    EXPECT_NEAR(total(t.contact_s, t.side), sim.total_force(t.contact_s, t.side), 1e-6);
  }
}

TEST(GaitSimulator, WalkingHasDoubleSupportAndRunningHasFlight) {
  Scenario run;
  GaitSimulator r(run, default_layout());
  Scenario walk;
  walk.gait = Gait::kWalk;
  walk.speed_mps = 1.3;
  walk.cadence_spm = 110;
  GaitSimulator w(walk, default_layout());
  int run_both = 0, run_none = 0, walk_both = 0, walk_none = 0;
  for (double t = 2; t < 12; t += 0.005) {
    const bool rl = r.total_force(t, Foot::kLeft) > 0, rr = r.total_force(t, Foot::kRight) > 0;
    const bool wl = w.total_force(t, Foot::kLeft) > 0, wr = w.total_force(t, Foot::kRight) > 0;
    run_both += rl && rr;
    run_none += !rl && !rr;
    walk_both += wl && wr;
    walk_none += !wl && !wr;
  }
  EXPECT_EQ(run_both, 0);
  EXPECT_GT(run_none, 200);
  EXPECT_GT(walk_both, 200);
  EXPECT_EQ(walk_none, 0);
}

TEST(GaitSimulator, WalkingForceIsMShaped) {
  Scenario s;
  s.gait = Gait::kWalk;
  s.speed_mps = 1.3;
  s.cadence_spm = 110;
  s.variability = Variability{0, 0, 0, 0, 0, 0};
  GaitSimulator sim(s, default_layout());
  const StanceShape& shape = sim.nominal_shape(Foot::kLeft);
  const double bw = sim.body_weight_n();
  const double first = stance_force(shape, 0.22), valley = stance_force(shape, 0.5),
               second = stance_force(shape, 0.78);
  EXPECT_GT(first, 1.0 * bw);
  EXPECT_GT(second, 1.0 * bw);
  EXPECT_LT(valley, 0.85 * std::min(first, second));
}

struct ClassCase {
  Gait gait;
  StrikeClass strike;
  PronationClass pronation;
};

class ClassTruth : public ::testing::TestWithParam<ClassCase> {};

TEST_P(ClassTruth, StrikeCpeiAndMedialFractionMatchTheContract) {
  const ClassCase c = GetParam();
  Scenario s;
  s.gait = c.gait;
  if (c.gait == Gait::kWalk) {
    s.speed_mps = 1.3;
    s.cadence_spm = 110;
  }
  s.strike = c.strike;
  s.pronation = c.pronation;
  s.seed = 11;
  GaitSimulator sim(s, layout_for_eu_size(39));
  const std::vector<StepTruth> steps = sim.truth_between(0, 60);
  ASSERT_GT(steps.size(), 80u);
  std::vector<double> cpei, mf;
  const double cpei_target = c.pronation == PronationClass::kUnder     ? kCpeiUnderPct
                             : c.pronation == PronationClass::kNeutral ? kCpeiNeutralPct
                                                                       : kCpeiOverPct;
  const double mf_target = c.pronation == PronationClass::kUnder     ? kMedialFractionUnder
                           : c.pronation == PronationClass::kNeutral ? kMedialFractionNeutral
                                                                     : kMedialFractionOver;
  for (const StepTruth& t : steps) {
    EXPECT_EQ(t.strike, c.strike) << t.strike_index;
    EXPECT_EQ(t.pronation, c.pronation);
    switch (c.strike) {
      case StrikeClass::kRearfoot:
        EXPECT_GE(t.strike_index, 0.09);
        EXPECT_LE(t.strike_index, 0.24);
        EXPECT_FALSE(t.flat_foot) << t.heel_to_forefoot_s;
        EXPECT_GT(t.heel_to_forefoot_s, 0.035);
        break;
      case StrikeClass::kMidfoot:
        EXPECT_GE(t.strike_index, 0.39);
        EXPECT_LE(t.strike_index, 0.59);
        EXPECT_TRUE(t.flat_foot) << t.heel_to_forefoot_s;
        EXPECT_LT(std::abs(t.heel_to_forefoot_s), 0.020);
        break;
      case StrikeClass::kForefoot:
        EXPECT_GE(t.strike_index, 0.71);
        EXPECT_LE(t.strike_index, 0.86);
        EXPECT_FALSE(t.flat_foot);
        break;
    }
    if (c.strike == StrikeClass::kForefoot) {
      EXPECT_TRUE(std::isnan(t.cpei_pct));
    } else {
      ASSERT_FALSE(std::isnan(t.cpei_pct));
      cpei.push_back(t.cpei_pct);
    }
    mf.push_back(t.medial_fraction);
  }
  if (!cpei.empty()) {
    EXPECT_NEAR(mean(cpei), cpei_target, 0.8);
    EXPECT_NEAR(sd(cpei), 2.0, 0.6);
  }
  EXPECT_NEAR(mean(mf), mf_target, 0.015);
  // Classes stay apart step by step: no step strays halfway to the next class.
  EXPECT_LT(sd(mf), 0.02);
  for (double x : mf) EXPECT_NEAR(x, mf_target, 0.045);
}

INSTANTIATE_TEST_SUITE_P(
    AllClasses, ClassTruth,
    ::testing::Values(ClassCase{Gait::kRun, StrikeClass::kRearfoot, PronationClass::kUnder},
                      ClassCase{Gait::kRun, StrikeClass::kRearfoot, PronationClass::kNeutral},
                      ClassCase{Gait::kRun, StrikeClass::kRearfoot, PronationClass::kOver},
                      ClassCase{Gait::kRun, StrikeClass::kMidfoot, PronationClass::kUnder},
                      ClassCase{Gait::kRun, StrikeClass::kMidfoot, PronationClass::kOver},
                      ClassCase{Gait::kRun, StrikeClass::kForefoot, PronationClass::kUnder},
                      ClassCase{Gait::kRun, StrikeClass::kForefoot, PronationClass::kNeutral},
                      ClassCase{Gait::kRun, StrikeClass::kForefoot, PronationClass::kOver},
                      ClassCase{Gait::kWalk, StrikeClass::kRearfoot, PronationClass::kNeutral},
                      ClassCase{Gait::kWalk, StrikeClass::kMidfoot, PronationClass::kOver}));

TEST(GaitSimulator, BothFeetTogetherCarryBodyWeightOverAStride) {
  for (Gait gait : {Gait::kRun, Gait::kWalk}) {
    Scenario s;
    s.gait = gait;
    if (gait == Gait::kWalk) {
      s.speed_mps = 1.2;
      s.cadence_spm = 105;
    }
    s.asymmetry.impulse_pct = 8;
    GaitSimulator sim(s, default_layout());
    const std::vector<StepTruth> steps = sim.truth_between(0, 120);
    double impulse = 0;
    for (const StepTruth& t : steps) impulse += t.impulse_ns;
    const double span = steps.back().contact_s - steps.front().contact_s;
    // Impulse of all steps but the last over the time they span, in body weights.
    const double mean_force = (impulse - steps.back().impulse_ns) / span;
    EXPECT_NEAR(mean_force / sim.body_weight_n(), 1.0, 0.05) << name(gait);
  }
}

double si(const std::vector<StepTruth>& steps, double StepTruth::*metric) {
  double l = 0, r = 0;
  int nl = 0, nr = 0;
  for (const StepTruth& t : steps) {
    if (t.side == Foot::kLeft) {
      l += t.*metric;
      ++nl;
    } else {
      r += t.*metric;
      ++nr;
    }
  }
  l /= nl;
  r /= nr;
  return (r - l) / (0.5 * (r + l)) * 100.0;
}

TEST(GaitSimulator, AskedAsymmetryIsMeasuredFromTheTruth) {
  Scenario s;
  s.asymmetry = Asymmetry{8, -5, 12, 6};
  s.variability = Variability{0, 0, 0, 0, 0, 0};
  GaitSimulator exact(s, default_layout());
  const std::vector<StepTruth> a = exact.truth_between(0, 20);
  EXPECT_NEAR(si(a, &StepTruth::peak_force_n), 8, 0.05);
  EXPECT_NEAR(si(a, &StepTruth::contact_time_s), -5, 0.05);
  EXPECT_NEAR(si(a, &StepTruth::loading_rate_n_per_s), 12, 0.05);
  EXPECT_NEAR(si(a, &StepTruth::impulse_ns), 6, 0.05);
  EXPECT_EQ(a.front().asymmetry.peak_force_pct, 8);

  s.variability = Variability{};  // default step-to-step variability: within 1 pp over many steps
  s.seed = 5;
  GaitSimulator noisy(s, default_layout());
  const std::vector<StepTruth> b = noisy.truth_between(0, 800);
  ASSERT_GT(b.size(), 2000u);
  EXPECT_NEAR(si(b, &StepTruth::peak_force_n), 8, 1.0);
  EXPECT_NEAR(si(b, &StepTruth::contact_time_s), -5, 1.0);
  EXPECT_NEAR(si(b, &StepTruth::loading_rate_n_per_s), 12, 1.0);
  EXPECT_NEAR(si(b, &StepTruth::impulse_ns), 6, 1.0);
}

TEST(GaitSimulator, WornShoesRaisePeakAndLoadingRate) {
  Scenario s;
  s.variability = Variability{0, 0, 0, 0, 0, 0};
  GaitSimulator fresh(s, default_layout());
  s.shoe_wear = 1;
  GaitSimulator worn(s, default_layout());
  const StepTruth a = fresh.truth_between(0, 2).front();
  const StepTruth b = worn.truth_between(0, 2).front();
  EXPECT_NEAR(b.peak_force_n / a.peak_force_n, 1.075, 1e-3);
  EXPECT_NEAR(b.loading_rate_n_per_s / a.loading_rate_n_per_s, 1.20, 1e-3);
  EXPECT_NEAR(b.impulse_ns / a.impulse_ns, 1.0, 1e-3);
}

TEST(GaitSimulator, StepToStepVariabilityHasTheAskedSize) {
  Scenario s;
  s.seed = 3;
  GaitSimulator sim(s, default_layout());
  const std::vector<StepTruth> steps = sim.truth_between(0, 300);
  std::vector<double> stride, contact, peak;
  const StepTruth* previous_left = nullptr;
  for (const StepTruth& t : steps) {
    if (t.side != Foot::kLeft) continue;
    if (previous_left) stride.push_back(t.contact_s - previous_left->contact_s);
    previous_left = &t;
    contact.push_back(t.contact_time_s);
    peak.push_back(t.peak_force_n);
  }
  EXPECT_NEAR(sd(stride) / mean(stride), 0.025, 0.006);
  EXPECT_NEAR(sd(contact) / mean(contact), 0.03, 0.008);
  EXPECT_NEAR(sd(peak) / mean(peak), 0.04, 0.01);
}

TEST(GaitSimulator, FatigueLengthensContactAndRaisesLoadingRate) {
  Scenario s;
  s.fatigue.rate_per_hour = 1;
  GaitSimulator sim(s, default_layout());
  const auto average = [&](double t0) {
    double ct = 0, lr = 0;
    const std::vector<StepTruth> steps = sim.truth_between(t0, t0 + 60);
    for (const StepTruth& t : steps) {
      ct += t.contact_time_s;
      lr += t.loading_rate_n_per_s;
    }
    return std::make_pair(ct / steps.size(), lr / steps.size());
  };
  const auto [ct0, lr0] = average(0);
  const auto [ct1, lr1] = average(3600);
  EXPECT_NEAR(ct1 / ct0, 1.04, 0.01);
  EXPECT_NEAR(lr1 / lr0, 1.10, 0.03);
}

TEST(GaitSimulator, SensorForcesSumToTheTotalAndCentreOnTheCop) {
  Scenario s;
  s.strike = StrikeClass::kMidfoot;
  s.pronation = PronationClass::kOver;
  GaitSimulator sim(s, layout_for_eu_size(45));
  const SenselLayout& layout = sim.layout();
  std::vector<double> f(kSenselCount);
  int loaded = 0;
  for (double t = 0; t < 3; t += 0.005) {
    sim.sample(t, Foot::kLeft, f);
    double sum = 0, x = 0, y = 0;
    for (std::size_t i = 0; i < f.size(); ++i) {
      ASSERT_GE(f[i], 0);
      sum += f[i];
      x += f[i] * layout.sensels[i].x_mm;
      y += f[i] * layout.sensels[i].y_mm;
    }
    EXPECT_NEAR(sum, sim.total_force(t, Foot::kLeft), 1e-9 * (1 + sum));
    const std::optional<CopPoint> cop = sim.cop(t, Foot::kLeft);
    if (!cop) continue;
    ++loaded;
    EXPECT_NEAR(x / sum, cop->x_mm, 1e-6);
    EXPECT_NEAR(y / sum, cop->y_mm, 1e-6);
  }
  EXPECT_GT(loaded, 100);
}

TEST(GaitSimulator, RejectsBadScenariosNamingTheField) {
  Scenario s;
  s.body_mass_kg = 10;
  try {
    GaitSimulator sim(s, default_layout());
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("body_mass_kg"), std::string::npos);
  }
  s = Scenario{};
  s.strike = StrikeClass::kMidfoot;
  s.strike_index = 0.2;
  EXPECT_THROW(GaitSimulator(s, default_layout()), std::invalid_argument);
}

TEST(GaitSimulator, SteadyGaitRepeatsOneStanceOnAlternateFeet) {
  const SenselLayout layout = default_layout();
  SteadyGait g;
  g.first_onset_s = 0.1;
  g.step_period_s = 0.4;
  g.shape.duration_s = 0.3;
  GaitSimulator sim(g, layout);
  const StanceMetrics m = measure(g.shape);
  const std::vector<StepTruth> steps = sim.truth_between(0, 4.0);
  ASSERT_EQ(steps.size(), 10u);
  for (std::size_t n = 0; n < steps.size(); ++n) {
    EXPECT_EQ(steps[n].index, n);
    EXPECT_EQ(steps[n].side, n % 2 == 0 ? Foot::kLeft : Foot::kRight);
    EXPECT_EQ(steps[n].onset_s, 0.1 + static_cast<double>(n) * 0.4);
    EXPECT_EQ(steps[n].contact_time_s, m.contact_time_s);
    EXPECT_EQ(steps[n].peak_force_n, m.peak_force_n);
    EXPECT_EQ(steps[n].strike_index, steps[0].strike_index);
  }
  EXPECT_EQ(sim.total_force(0.1, Foot::kLeft), 0.0);
  EXPECT_EQ(sim.total_force(0.45, Foot::kLeft), 0.0);  // between its stances
  EXPECT_GT(sim.total_force(0.25, Foot::kLeft), 0.0);
  EXPECT_EQ(sim.scenario().variability.stride_time_cv, 0.0);
  EXPECT_NEAR(sim.scenario().cadence_spm, 150.0, 1e-9);

  SteadyGait bad = g;
  bad.shape.duration_s = 0.8;  // not shorter than a stride
  EXPECT_THROW(GaitSimulator(bad, layout), std::invalid_argument);
  bad = g;
  bad.sample_rate_hz = 0;
  EXPECT_THROW(GaitSimulator(bad, layout), std::invalid_argument);
  bad = g;
  bad.shape.body_weight_n = 1;  // never reaches 20 N
  EXPECT_THROW(GaitSimulator(bad, layout), std::invalid_argument);
}

}  // namespace
}  // namespace insole::hw::sim
