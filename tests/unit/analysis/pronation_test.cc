#include "insole/analysis/pronation.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace insole::analysis {
namespace {

// A heel-to-toe path bowing laterally (−x) by `bow_mm` at mid-foot.
std::vector<CopPoint> bowed_path(double bow_mm, double start_y = 30) {
  std::vector<CopPoint> path;
  for (int i = 0; i <= 100; ++i) {
    const double u = i / 100.0;
    const double y = start_y + u * (240 - start_y);
    path.push_back({-bow_mm * std::sin(3.14159265358979 * u), y});
  }
  return path;
}

TEST(Cpei, StraightPathIsZeroAndLateralBowIsPositive) {
  EXPECT_NEAR(cpei_pct(bowed_path(0), 265, 100), 0.0, 1e-9);
  // At y* = 176.7 mm, u = (176.7 - 30) / 210 = 0.698: x = -10 sin(0.698 pi) = -8.09 mm.
  EXPECT_NEAR(cpei_pct(bowed_path(10), 265, 100), 8.09, 0.05);
  EXPECT_NEAR(cpei_pct(bowed_path(-10), 265, 100), -8.09, 0.05);
}

TEST(Cpei, UndefinedWhenThePathStartsBeyondTheDistalThird) {
  EXPECT_TRUE(std::isnan(cpei_pct(bowed_path(10, 200), 265, 100)));
  EXPECT_TRUE(std::isnan(cpei_pct({}, 265, 100)));
}

TEST(Pronation, BandsAndMedialFallback) {
  const PronationBands b;
  EXPECT_EQ(classify_pronation(8, b), Pronation::kOver);
  EXPECT_EQ(classify_pronation(19, b), Pronation::kNeutral);
  EXPECT_EQ(classify_pronation(30, b), Pronation::kUnder);
  EXPECT_DOUBLE_EQ(pronation_index(17.0, 0.9, b), 17.0);  // CPEI wins when defined
  EXPECT_EQ(classify_pronation(pronation_index(std::nan(""), 0.58, b), b), Pronation::kOver);
  EXPECT_EQ(classify_pronation(pronation_index(std::nan(""), 0.38, b), b), Pronation::kUnder);
  EXPECT_EQ(classify_pronation(pronation_index(std::nan(""), 0.48, b), b), Pronation::kNeutral);
}

}  // namespace
}  // namespace insole::analysis
