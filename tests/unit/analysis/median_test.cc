// The one median every report uses: middle value, mean of the two middles, NaN when empty.
#include "insole/analysis/median.h"

#include <gtest/gtest.h>

#include <cmath>

namespace insole::analysis {
namespace {

TEST(Median, MiddleOrMeanOfTheTwoMiddlesAndNaNWhenEmpty) {
  EXPECT_DOUBLE_EQ(median({3, 1, 2}), 2);
  EXPECT_DOUBLE_EQ(median({4, 1, 3, 2}), 2.5);
  EXPECT_DOUBLE_EQ(median({7}), 7);
  EXPECT_TRUE(std::isnan(median({})));
}

}  // namespace
}  // namespace insole::analysis
