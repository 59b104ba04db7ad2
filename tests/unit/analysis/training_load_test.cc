#include "insole/analysis/training_load.h"

#include <gtest/gtest.h>

namespace insole::analysis {
namespace {

constexpr double kDay = 24 * 3600;

TEST(TrainingLoad, ARunOverTenPercentLongerThanTheMonthsLongestIsASpike) {
  const DatedDistance run{40 * kDay, 8.0};
  // The longest of the 30 days before is 5.5 km (day 20); a longer one on day 5 is too old, one
  // on day 41 comes after.
  const std::vector<DatedDistance> earlier = {
      {5 * kDay, 12.0}, {12 * kDay, 5.0}, {20 * kDay, 5.5}, {30 * kDay, 4.0}, {41 * kDay, 20.0}};
  const auto spike = load_spike(run, earlier);
  ASSERT_TRUE(spike);
  EXPECT_EQ(spike->longest_index, 2u);
  EXPECT_DOUBLE_EQ(spike->longest_before_km, 5.5);
  EXPECT_NEAR(spike->increase, 8.0 / 5.5 - 1, 1e-12);
  EXPECT_EQ(spike->band, SpikeBand::kUpTo100);
}

TEST(TrainingLoad, TheBandsAndTheThresholdAreThePublishedOnes) {
  const std::vector<DatedDistance> month = {{0, 10.0}};
  const auto at = [&](double km) { return load_spike({kDay, km}, month); };
  EXPECT_FALSE(at(11.0));  // exactly 10 % longer: not more than 10 %
  ASSERT_TRUE(at(11.1));
  EXPECT_EQ(at(11.1)->band, SpikeBand::kUpTo30);
  EXPECT_EQ(at(13.0)->band, SpikeBand::kUpTo30);
  EXPECT_EQ(at(13.1)->band, SpikeBand::kUpTo100);
  EXPECT_EQ(at(20.0)->band, SpikeBand::kUpTo100);
  EXPECT_EQ(at(20.1)->band, SpikeBand::kOver100);
}

TEST(TrainingLoad, NoEarlierRunInTheMonthIsNothingToCompareWith) {
  EXPECT_FALSE(load_spike({40 * kDay, 30.0}, {}));
  EXPECT_FALSE(load_spike({40 * kDay, 30.0}, {{9.9 * kDay, 3.0}}));  // 30.1 days before
  EXPECT_TRUE(load_spike({40 * kDay, 30.0}, {{10.1 * kDay, 3.0}}));
  EXPECT_FALSE(load_spike({40 * kDay, 0.0}, {{39 * kDay, 3.0}}));  // no distance: no claim
}

}  // namespace
}  // namespace insole::analysis
