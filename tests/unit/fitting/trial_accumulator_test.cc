// The trial accumulator on simulated runs: step metrics against the simulator's truth, the
// pressure map and the centre-of-pressure path of rearfoot and forefoot strikers.
#include "insole/fitting/trial_accumulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "insole/wear/wear_model.h"
#include "trial_sim.h"

namespace insole::fitting {
namespace {

using testing::simulate_trial;

hw::sim::Scenario runner(hw::sim::StrikeClass strike, std::uint64_t seed = 3) {
  hw::sim::Scenario s;
  s.strike = strike;
  s.seed = seed;
  return s;
}

// Index of the largest value of a map.
std::size_t argmax(const std::vector<double>& map) {
  return static_cast<std::size_t>(std::max_element(map.begin(), map.end()) - map.begin());
}

TEST(TrialAccumulator, StepMetricsMatchTheSimulatedRunner) {
  const auto trial = simulate_trial(runner(hw::sim::StrikeClass::kRearfoot), 30);
  const TrialResult& r = trial.result;
  for (const FootResult& f : r.feet) {
    EXPECT_GT(f.steps, 35u);  // 170 steps/min over both feet for 30 s, the first few auto-zero
    EXPECT_EQ(f.strike, analysis::Strike::kRearfoot);
    EXPECT_NEAR(f.strike_share[0], 1.0, 1e-9);
    EXPECT_EQ(f.pronation, analysis::Pronation::kNeutral);
    EXPECT_GT(f.contact_time_ms, 200);
    EXPECT_LT(f.contact_time_ms, 330);
    EXPECT_GE(f.pressure_steps + 3, f.steps);  // all but the first steps are mapped
    EXPECT_TRUE(std::isfinite(f.loading_rate_sd_bw_per_s));
    EXPECT_TRUE(std::isfinite(f.peak_pressure_sd_kpa));
  }
  EXPECT_NEAR(r.cadence_spm, 170, 5);
  // Body weight from the impulse balance, as the wear model does it.
  EXPECT_NEAR(r.body_weight_n / trial.body_weight_n, 1.0, 0.05);
  // Loading rate in body weights per second: the analysis' own, divided by that body weight.
  double sum = 0;
  std::size_t n = 0;
  for (const auto& s : trial.steps) {
    if (s.side != analysis::Side::kLeft) continue;
    sum += s.loading_rate_n_per_s;
    ++n;
  }
  EXPECT_NEAR(r.feet[0].loading_rate_bw_per_s, sum / n / r.body_weight_n, 1e-9);
  std::printf("  loading rate %.1f BW/s (sd %.1f), peak pressure %.0f kPa (sd %.0f)\n",
              r.feet[0].loading_rate_bw_per_s, r.feet[0].loading_rate_sd_bw_per_s,
              r.feet[0].peak_pressure_kpa, r.feet[0].peak_pressure_sd_kpa);
}

TEST(TrialAccumulator, BodyMassWhenKnownSetsTheBodyWeight) {
  TrialConfig config;
  config.body_mass_kg = 80;
  const auto trial = simulate_trial(runner(hw::sim::StrikeClass::kRearfoot), 10, config);
  EXPECT_NEAR(trial.result.body_weight_n, 80 * wear::kGravity, 1e-9);
}

// Hottest sensel of each region: heel (y < 30% of foot length), midfoot, forefoot (> 60%).
struct RegionPeaks {
  double heel = 0, midfoot = 0, forefoot = 0;
};
RegionPeaks region_peaks(const FootResult& f) {
  RegionPeaks r;
  const double length = f.layout->foot_length_mm;
  for (std::size_t k = 0; k < f.pressure_map_kpa.size(); ++k) {
    const double y = f.layout->sensels[k].y_mm, p = f.pressure_map_kpa[k];
    double& region = y < 0.3 * length ? r.heel : y <= 0.6 * length ? r.midfoot : r.forefoot;
    region = std::max(region, p);
  }
  return r;
}

// The simulator's plantar model puts the highest pressure of every strike under the hallux
// (its ideal forces agree), so the heel shows as the rear hot spot of a rearfoot striker: far
// above the midfoot, and absent in a forefoot striker.
TEST(TrialAccumulator, RearfootStrikerPressurePeaksUnderTheHeel) {
  const auto rear = simulate_trial(runner(hw::sim::StrikeClass::kRearfoot), 20);
  const auto fore = simulate_trial(runner(hw::sim::StrikeClass::kForefoot), 20);
  for (std::size_t f = 0; f < 2; ++f) {
    const FootResult& r = rear.result.feet[f];
    ASSERT_TRUE(r.layout);
    ASSERT_EQ(r.pressure_map_kpa.size(), r.layout->sensels.size());
    const RegionPeaks rp = region_peaks(r), fp = region_peaks(fore.result.feet[f]);
    std::printf(
        "  rearfoot: heel %.0f, midfoot %.0f, forefoot %.0f kPa; forefoot striker: heel "
        "%.0f kPa\n",
        rp.heel, rp.midfoot, rp.forefoot, fp.heel);
    EXPECT_GT(rp.heel, 0.4 * r.peak_pressure_kpa);
    EXPECT_GT(rp.heel, rp.midfoot);
    EXPECT_LT(fp.heel, 0.05 * fore.result.feet[f].peak_pressure_kpa);
    EXPECT_GT(rp.heel, 20 * fp.heel);
    const std::size_t top = argmax(r.pressure_map_kpa);
    EXPECT_DOUBLE_EQ(r.peak_pressure_kpa, r.pressure_map_kpa[top]);
    // Offsets removed: a sensel that is never loaded reads about zero, never below.
    EXPECT_GE(*std::min_element(r.pressure_map_kpa.begin(), r.pressure_map_kpa.end()), 0.0);
  }
}

TEST(TrialAccumulator, CopPathRunsFromHeelToToe) {
  const auto trial = simulate_trial(runner(hw::sim::StrikeClass::kRearfoot), 20);
  for (const FootResult& f : trial.result.feet) {
    ASSERT_EQ(f.cop_path.size(), kCopPathPoints);
    const double length = f.layout->foot_length_mm;
    EXPECT_LT(f.cop_path.front().y_mm, 0.3 * length);
    EXPECT_GT(f.cop_path.back().y_mm, 0.6 * length);
    // Forward over stance (small wobbles allowed: it is a mean of sampled paths).
    for (std::size_t p = 1; p < kCopPathPoints; ++p) {
      EXPECT_GT(f.cop_path[p].y_mm, f.cop_path[p - 1].y_mm - 2.0) << "point " << p;
    }
  }
}

TEST(TrialAccumulator, ForefootStrikerPathStartsForward) {
  const auto trial = simulate_trial(runner(hw::sim::StrikeClass::kForefoot), 20);
  const FootResult& f = trial.result.feet[0];
  EXPECT_GT(f.cop_path.front().y_mm, 0.6 * f.layout->foot_length_mm);
}

TEST(TrialAccumulator, FootWithoutLayoutCountsStepsButHasNoMaps) {
  const hw::SenselLayout hw_layout = hw::layout_for_eu_size(42);
  const analysis::Layout layout = analysis::testing::to_analysis_layout(hw_layout);
  TrialAccumulator trial(layout, std::nullopt);
  EXPECT_TRUE(trial.attached(analysis::Side::kLeft));
  EXPECT_FALSE(trial.attached(analysis::Side::kRight));
  analysis::Step step;
  step.side = analysis::Side::kRight;
  step.contact_s = 1.0;
  step.toe_off_s = 1.25;
  step.peak_force_n = 1700;
  step.loading_rate_n_per_s = 40000;
  step.impulse_ns = 230;
  trial.add_step(step);
  const TrialResult r = trial.result();
  EXPECT_EQ(r.feet[1].steps, 1u);
  EXPECT_TRUE(r.feet[1].pressure_map_kpa.empty());
  EXPECT_TRUE(r.feet[1].cop_path.empty());
  EXPECT_FALSE(r.feet[1].layout);
  EXPECT_EQ(r.feet[0].steps, 0u);
  EXPECT_TRUE(std::isnan(r.feet[0].contact_time_ms));
}

TEST(TrialAccumulator, UnusableLayoutIsRefused) {
  TrialAccumulator trial;
  EXPECT_THROW(trial.attach(analysis::Side::kLeft, analysis::Layout{}), analysis::LayoutError);
}

}  // namespace
}  // namespace insole::fitting
