#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "insole/fit/activity_records.h"

namespace insole::fit {
namespace {

using analysis::Side;
using analysis::Step;

// Alternating feet at `spm` from t0 for `seconds`; left contact 250 ms, right 260 ms.
std::vector<Step> steady(double t0, double seconds, double spm) {
  std::vector<Step> out;
  const double period = 60.0 / spm;
  for (int i = 0; t0 + i * period < t0 + seconds; ++i) {
    Step s;
    s.side = i % 2 == 0 ? Side::kLeft : Side::kRight;
    s.contact_s = t0 + i * period;
    s.toe_off_s = s.contact_s + (s.side == Side::kLeft ? 0.250 : 0.260);
    s.strike_index = 0.1;
    s.pronation_index = 18;
    s.peak_force_n = 1500;
    s.loading_rate_n_per_s = 70 * 9.80665 * 80;  // 80 BW/s at 70 kg
    out.push_back(s);
  }
  return out;
}

TEST(SecondRecords, SayWhatTheStepsInTheirWindowSay) {
  const auto steps = steady(10.9, 60, 170);
  const auto records = second_records(steps, 70);
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.front().t_s, 11);
  EXPECT_EQ(records.back().t_s, static_cast<std::int64_t>(std::ceil(steps.back().toe_off_s)));
  EXPECT_EQ(records.size(), static_cast<std::size_t>(records.back().t_s - 11 + 1));
  for (const auto& r : records) {
    if (r.t_s < 16 || r.t_s > 70) continue;  // a full window
    EXPECT_NEAR(r.cadence_spm, 170, 1e-9) << r.t_s;
    // 250 and 260 ms alternate: an odd count of steps tips the mean by 5 ms / count.
    EXPECT_NEAR(r.stance_time_ms, 255, 5.0 / r.steps + 1e-9) << r.t_s;
    EXPECT_NEAR(r.stance_balance_left_pct, 100 * 0.25 / 0.51, 1e-9) << r.t_s;
    EXPECT_NEAR(r.strike_index_pct, 10, 1e-9);
    EXPECT_NEAR(r.pronation_index, 18, 1e-9);
    EXPECT_NEAR(r.peak_force_n, 1500, 1e-9);
    EXPECT_NEAR(r.loading_rate_bw_per_s, 80, 1e-9);
  }
  // The first second holds one step: no cadence and no balance from it.
  EXPECT_TRUE(std::isnan(records.front().cadence_spm));
  EXPECT_TRUE(std::isnan(records.front().stance_balance_left_pct));
  EXPECT_NEAR(records.front().stance_time_ms, 250, 1e-9);
}

TEST(SecondRecords, APauseHasNoFiguresAndNoMassNoLoadingRate) {
  auto steps = steady(0.5, 20, 160);
  const auto later = steady(40.5, 20, 160);
  steps.insert(steps.end(), later.begin(), later.end());
  const auto records = second_records(steps, std::nan(""));
  int empty = 0;
  for (const auto& r : records) {
    EXPECT_TRUE(std::isnan(r.loading_rate_bw_per_s));
    if (r.t_s >= 26 && r.t_s <= 40) {
      EXPECT_EQ(r.steps, 0) << r.t_s;
      EXPECT_TRUE(std::isnan(r.cadence_spm));
      EXPECT_TRUE(std::isnan(r.stance_time_ms));
      ++empty;
    }
  }
  EXPECT_EQ(empty, 15);
  EXPECT_TRUE(second_records({}, 70).empty());
}

}  // namespace
}  // namespace insole::fit
