#include "insole/hw/sim/simple_foot.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <stdexcept>
#include <vector>

#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"

namespace insole::hw::sim {
namespace {

FootParams with_strike(double strike_index) {
  FootParams p;
  p.strike_index = strike_index;
  return p;
}

struct Centroid {
  double total;
  double x_mm;
  double y_mm;
};

Centroid centroid(const SenselLayout& layout, const std::vector<double>& f) {
  Centroid c{0, 0, 0};
  for (std::size_t i = 0; i < f.size(); ++i) {
    c.total += f[i];
    c.x_mm += f[i] * layout.sensels[i].x_mm;
    c.y_mm += f[i] * layout.sensels[i].y_mm;
  }
  c.x_mm /= c.total;
  c.y_mm /= c.total;
  return c;
}

double share(const SenselLayout& layout, const std::vector<double>& f,
             std::initializer_list<Region> regions) {
  double part = 0;
  double total = 0;
  for (std::size_t i = 0; i < f.size(); ++i) {
    total += f[i];
    if (std::find(regions.begin(), regions.end(), layout.sensels[i].region) != regions.end()) {
      part += f[i];
    }
  }
  return part / total;
}

// Trapezoid integral of the total force over [t0, t1].
double impulse(const SimpleFoot& foot, double t0, double t1, double dt) {
  const int n = static_cast<int>(std::lround((t1 - t0) / dt));
  double sum = 0.5 * (foot.total_force_at(t0) + foot.total_force_at(t1));
  for (int i = 1; i < n; ++i) sum += foot.total_force_at(t0 + i * dt);
  return sum * dt;
}

TEST(SimpleFoot, SenselForcesAreNonNegativeAndSumToTheTotal) {
  const SenselLayout layout = default_layout();
  std::vector<double> f(layout.sensels.size());
  for (double strike : {0.15, 0.5, 0.8}) {
    const SimpleFoot foot(layout, with_strike(strike));
    for (double t = 0; t < 2 * foot.stride_period_s(); t += 0.0005) {
      foot.forces_at(t, f);
      double sum = 0;
      for (double v : f) {
        ASSERT_GE(v, 0.0);
        sum += v;
      }
      const double total = foot.total_force_at(t);
      ASSERT_NEAR(sum, total, 1e-9 * std::max(1.0, total)) << strike << " t=" << t;
    }
  }
}

TEST(SimpleFoot, EachStanceDeliversBodyWeightTimesStepPeriod) {
  const SenselLayout layout = default_layout();
  for (double strike : {0.15, 0.5, 0.8}) {
    for (double cadence : {150.0, 170.0, 190.0}) {
      for (double contact : {0.2, 0.25, 0.3}) {
        FootParams p = with_strike(strike);
        p.cadence_spm = cadence;
        p.contact_time_s = contact;
        p.body_mass_kg = 62;
        const SimpleFoot foot(layout, p);
        const double expected = foot.body_weight_n() * 60.0 / cadence;
        const double got = impulse(foot, 0, foot.stride_period_s(), 1e-5);
        EXPECT_NEAR(got / expected, 1.0, 1e-4) << strike << " " << cadence << " " << contact;
      }
    }
  }
}

TEST(SimpleFoot, TwoFeetAverageBodyWeightOverAStride) {
  const SenselLayout layout = default_layout();
  FootParams left_params;
  FootParams right_params;
  right_params.left = false;
  right_params.phase_s = 60.0 / right_params.cadence_spm;  // one step later
  const SimpleFoot left(layout, left_params);
  const SimpleFoot right(layout, right_params);
  // Average over whole strides once both feet are running.
  const double t0 = right_params.phase_s;
  const double t1 = t0 + 5 * left.stride_period_s();
  const double mean = (impulse(left, t0, t1, 1e-5) + impulse(right, t0, t1, 1e-5)) / (t1 - t0);
  EXPECT_NEAR(mean / left.body_weight_n(), 1.0, 0.01);
}

TEST(SimpleFoot, NoForceBeforeFirstContactOrInFlight) {
  const SenselLayout layout = default_layout();
  FootParams p;
  p.phase_s = 0.4;
  const SimpleFoot foot(layout, p);
  std::vector<double> f(layout.sensels.size(), -1.0);
  const auto all_zero = [&](double t) {
    foot.forces_at(t, f);
    return std::all_of(f.begin(), f.end(), [](double v) { return v == 0.0; });
  };
  for (double t : {-1.0, 0.0, 0.2, 0.4}) {
    EXPECT_EQ(foot.total_force_at(t), 0.0) << t;
    EXPECT_TRUE(all_zero(t)) << t;
    EXPECT_FALSE(foot.cop_at(t).has_value()) << t;
  }
  // Flight: from the end of each stance to the start of the next one.
  for (int k = 0; k < 4; ++k) {
    const double stance_end = p.phase_s + k * foot.stride_period_s() + p.contact_time_s;
    const double next_start = p.phase_s + (k + 1) * foot.stride_period_s();
    for (double t = stance_end + 1e-6; t < next_start; t += 0.005) {
      ASSERT_EQ(foot.total_force_at(t), 0.0) << t;
      ASSERT_TRUE(all_zero(t)) << t;
    }
    EXPECT_GT(foot.total_force_at(next_start + 0.5 * p.contact_time_s), foot.body_weight_n());
  }
}

TEST(SimpleFoot, ContactAndToeOffTruthMatchFinelySampledCrossings) {
  const SenselLayout layout = default_layout();
  for (double strike : {0.15, 0.5, 0.8}) {
    FootParams p = with_strike(strike);
    p.phase_s = 0.0137;
    const SimpleFoot foot(layout, p);
    const double t_end = 3.0;
    const std::vector<SimpleStepTruth> steps = foot.steps_between(0, t_end);
    std::vector<double> up;
    std::vector<double> down;
    constexpr double kDt = 1e-5;
    double previous = foot.total_force_at(0);
    // Sample past t_end so the last stance's toe-off is seen too; keep its contact in range.
    for (int i = 1; i * kDt < t_end + p.contact_time_s; ++i) {
      const double t = i * kDt;
      const double now = foot.total_force_at(t);
      if (previous < kContactThresholdN && now >= kContactThresholdN && t < t_end) up.push_back(t);
      if (previous >= kContactThresholdN && now < kContactThresholdN && down.size() < up.size()) {
        down.push_back(t);
      }
      previous = now;
    }
    ASSERT_EQ(up.size(), steps.size()) << strike;
    ASSERT_EQ(down.size(), steps.size()) << strike;
    for (std::size_t k = 0; k < steps.size(); ++k) {
      EXPECT_NEAR(steps[k].contact_s, up[k], 1e-4) << strike << " step " << k;
      EXPECT_NEAR(steps[k].toe_off_s, down[k], 1e-4) << strike << " step " << k;
      // And exactly at the threshold, not just near a sample.
      EXPECT_NEAR(foot.total_force_at(steps[k].contact_s), kContactThresholdN, 1e-6);
      EXPECT_NEAR(foot.total_force_at(steps[k].toe_off_s), kContactThresholdN, 1e-6);
    }
  }
}

TEST(SimpleFoot, PeakTruthIsTheMaximumOfTheStance) {
  const SenselLayout layout = default_layout();
  for (double strike : {0.15, 0.3, 0.8}) {
    const SimpleFoot foot(layout, with_strike(strike));
    const SimpleStepTruth step = foot.steps_between(0, 0.1).at(0);
    double sampled = 0;
    for (double t = 0; t < foot.params().contact_time_s; t += 1e-5) {
      sampled = std::max(sampled, foot.total_force_at(t));
    }
    EXPECT_GE(step.peak_force_n, sampled - 1e-9) << strike;
    EXPECT_NEAR(step.peak_force_n, sampled, 1e-4 * sampled) << strike;
  }
}

TEST(SimpleFoot, RearfootStrikeShowsAnImpactTransientAndForefootDoesNot) {
  const SenselLayout layout = default_layout();
  const auto curve = [&](double strike) {
    const SimpleFoot foot(layout, with_strike(strike));
    std::vector<double> bw;
    for (int i = 0; i <= 1000; ++i) {
      bw.push_back(foot.total_force_at(i * 0.25 / 1000) / foot.body_weight_n());
    }
    return bw;
  };
  const std::vector<double> rear = curve(0.15);
  // First local maximum: the impact peak, 1.5-2 BW at 10-15 % of stance, then a dip.
  std::size_t impact = 1;
  while (impact < 999 && !(rear[impact] > rear[impact - 1] && rear[impact] >= rear[impact + 1])) {
    ++impact;
  }
  EXPECT_GE(impact, 100u);
  EXPECT_LE(impact, 150u);
  EXPECT_GE(rear[impact], 1.5);
  EXPECT_LE(rear[impact], 2.0);
  const double dip = *std::min_element(rear.begin() + impact, rear.begin() + 400);
  EXPECT_LT(dip, rear[impact] - 0.3);
  const double active = *std::max_element(rear.begin(), rear.end());
  EXPECT_GE(active, 2.0);
  EXPECT_LE(active, 2.8);

  const std::vector<double> fore = curve(0.8);
  for (std::size_t i = 1; i <= 500; ++i) EXPECT_GT(fore[i], fore[i - 1]) << i;
  EXPECT_NEAR(fore[500], 2.54, 0.05);  // single active peak near 2.5 BW at mid-stance
}

TEST(SimpleFoot, CopAtContactIsTheStrikeIndex) {
  const SenselLayout layout = default_layout();
  std::vector<double> f(layout.sensels.size());
  for (double strike : {0.15, 0.5, 0.8}) {
    const SimpleFoot foot(layout, with_strike(strike));
    for (const SimpleStepTruth& step : foot.steps_between(0, 2)) {
      foot.forces_at(step.contact_s, f);
      const Centroid c = centroid(layout, f);
      EXPECT_NEAR(c.y_mm / layout.foot_length_mm, strike, 0.05) << strike;
      EXPECT_NEAR(c.y_mm / layout.foot_length_mm, step.strike_index, 1e-9) << strike;
      EXPECT_NEAR(step.strike_index, strike, 0.015);
    }
  }
}

TEST(SimpleFoot, SenselCentroidIsTheModelCopThroughoutStance) {
  const SenselLayout layout = layout_for_eu_size(39);
  std::vector<double> f(layout.sensels.size());
  const double max_shift = 0.1 * layout.foot_width_mm;
  for (double strike : {0.10, 0.15, 0.5, 0.8, 0.85}) {
    for (double shift : {-max_shift, 0.0, max_shift}) {
      FootParams p = with_strike(strike);
      p.medial_shift_mm = shift;
      const SimpleFoot foot(layout, p);
      for (double t = 0.0005; t < p.contact_time_s; t += 0.002) {
        foot.forces_at(t, f);
        const Centroid c = centroid(layout, f);
        const CentreOfPressure cop = foot.cop_at(t).value();
        ASSERT_NEAR(c.x_mm, cop.x_mm, 1e-6) << strike << " " << shift << " t=" << t;
        ASSERT_NEAR(c.y_mm, cop.y_mm, 1e-6) << strike << " " << shift << " t=" << t;
      }
    }
  }
}

TEST(SimpleFoot, HeelUnloadsFirstAndToeOffIsUnderTheToes) {
  const SenselLayout layout = default_layout();
  std::vector<double> f(layout.sensels.size());
  const SimpleFoot rear(layout, with_strike(0.15));
  const double contact = rear.params().contact_time_s;
  const auto heel_at = [&](const SimpleFoot& foot, double tau) {
    foot.forces_at(tau * contact, f);
    return share(layout, f, {Region::kMedialHeel, Region::kLateralHeel});
  };
  EXPECT_GT(heel_at(rear, 0.02), 0.8);
  double previous = 1.0;
  for (double tau = 0.05; tau < 1.0; tau += 0.05) {
    const double heel = heel_at(rear, tau);
    EXPECT_LE(heel, previous + 1e-12) << tau;
    previous = heel;
  }
  EXPECT_LT(heel_at(rear, 0.6), 0.01);
  rear.forces_at(0.97 * contact, f);
  EXPECT_GT(share(layout, f, {Region::kHallux, Region::kLesserToes}), 0.7);
  EXPECT_GT(share(layout, f, {Region::kHallux}), 0.5);

  const SimpleFoot fore(layout, with_strike(0.8));
  for (double tau = 0.01; tau < 1.0; tau += 0.05) EXPECT_LT(heel_at(fore, tau), 0.01) << tau;
}

TEST(SimpleFoot, MedialShiftMovesTheCopMedially) {
  const SenselLayout layout = default_layout();
  std::vector<double> f(layout.sensels.size());
  FootParams p;
  const SimpleFoot neutral(layout, p);
  p.medial_shift_mm = 8;
  const SimpleFoot shifted(layout, p);
  for (double t : {0.02, 0.1, 0.2}) {
    neutral.forces_at(t, f);
    const Centroid a = centroid(layout, f);
    shifted.forces_at(t, f);
    const Centroid b = centroid(layout, f);
    EXPECT_NEAR(b.x_mm - a.x_mm, 8.0, 1e-6);
    EXPECT_NEAR(b.y_mm, a.y_mm, 1e-6);
  }
}

TEST(SimpleFoot, SideDoesNotChangeForcesInTheMirrorFreeFrame) {
  const SenselLayout layout = default_layout();
  FootParams p;
  const SimpleFoot left(layout, p);
  p.left = false;
  const SimpleFoot right(layout, p);
  std::vector<double> a(layout.sensels.size());
  std::vector<double> b(layout.sensels.size());
  for (double t = 0; t < 0.3; t += 0.01) {
    left.forces_at(t, a);
    right.forces_at(t, b);
    EXPECT_EQ(a, b);
  }
}

TEST(SimpleFoot, IsTheLeftFootOfItsGaitSimulatorPreset) {
  const SenselLayout layout = default_layout();
  FootParams p = with_strike(0.5);
  p.phase_s = 0.3;
  const SimpleFoot foot(layout, p);
  GaitSimulator gait(simple_foot_gait(layout, p), layout);
  // The preset's right foot is the same foot one step period later.
  p.phase_s += 60.0 / p.cadence_spm;
  const SimpleFoot later(layout, p);
  std::vector<double> a(layout.sensels.size());
  std::vector<double> b(layout.sensels.size());
  for (double t = 0; t < 3; t += 0.0037) {
    foot.forces_at(t, a);
    gait.sample(t, Foot::kLeft, b);
    ASSERT_EQ(a, b) << t;
    later.forces_at(t, a);
    gait.sample(t, Foot::kRight, b);
    for (std::size_t i = 0; i < a.size(); ++i) ASSERT_NEAR(a[i], b[i], 1e-9) << t;
  }
}

TEST(SimpleFoot, StepsBetweenIsHalfOpenAndPeriodic) {
  const SenselLayout layout = default_layout();
  FootParams p;
  p.phase_s = 1.0;
  const SimpleFoot foot(layout, p);
  const double stride = 120.0 / 170.0;
  EXPECT_TRUE(foot.steps_between(0, 1.0).empty());
  const std::vector<SimpleStepTruth> steps = foot.steps_between(0, 1.0 + 10 * stride);
  ASSERT_EQ(steps.size(), 10u);
  for (std::size_t k = 0; k < steps.size(); ++k) {
    EXPECT_NEAR(steps[k].contact_s - 1.0 - k * stride, steps[0].contact_s - 1.0, 1e-12);
    const double loaded = steps[k].toe_off_s - steps[k].contact_s;
    EXPECT_GT(loaded, 0.9 * p.contact_time_s);
    EXPECT_LT(loaded, p.contact_time_s);
  }
  // Half-open: a window starting exactly at a contact includes it, one ending there does not.
  EXPECT_EQ(foot.steps_between(steps[3].contact_s, steps[4].contact_s).size(), 1u);
  EXPECT_NEAR(foot.steps_between(steps[3].contact_s, steps[4].contact_s)[0].contact_s,
              steps[3].contact_s, 0.0);
  EXPECT_TRUE(foot.steps_between(5, 5).empty());
}

TEST(SimpleFoot, RejectsParametersOutsideTheModel) {
  const SenselLayout layout = default_layout();
  const auto bad = [&](auto change) {
    FootParams p;
    change(p);
    EXPECT_THROW(SimpleFoot(layout, p), std::invalid_argument);
  };
  bad([](FootParams& p) { p.body_mass_kg = 10; });
  bad([](FootParams& p) { p.body_mass_kg = 250; });
  bad([](FootParams& p) { p.cadence_spm = 0; });
  bad([](FootParams& p) { p.contact_time_s = 0; });
  bad([](FootParams& p) { p.contact_time_s = 120.0 / 170.0; });
  bad([](FootParams& p) { p.strike_index = 0.05; });
  bad([](FootParams& p) { p.strike_index = 0.9; });
  bad([](FootParams& p) { p.medial_shift_mm = 12; });
  bad([](FootParams& p) { p.phase_s = std::nan(""); });
  EXPECT_THROW(SimpleFoot(SenselLayout{}, FootParams{}), std::invalid_argument);

  const SimpleFoot foot(layout, FootParams{});
  std::vector<double> f(63);
  EXPECT_THROW(foot.forces_at(0.1, f), std::invalid_argument);
}

}  // namespace
}  // namespace insole::hw::sim
