#include "insole/hw/sensel_layout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <set>
#include <stdexcept>
#include <string>

namespace insole::hw {
namespace {

double polygon_area(const std::vector<OutlinePoint>& p) {
  double twice = 0;
  for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    twice += p[j].x_mm * p[i].y_mm - p[i].x_mm * p[j].y_mm;
  }
  return twice / 2;
}

TEST(SenselLayout, EverySizeHas64SenselsAndItsOwnGridId) {
  for (int size = kMinEuSize; size <= kMaxEuSize; ++size) {
    const SenselLayout layout = layout_for_eu_size(size);
    EXPECT_EQ(layout.sensels.size(), 64u) << size;
    EXPECT_EQ(layout.eu_size, size);
    EXPECT_EQ(layout.grid_id, "eu" + std::to_string(size) + "-r1");
  }
}

TEST(SenselLayout, FootLengthFollowsParisPointMinusAllowance) {
  EXPECT_NEAR(foot_length_mm_for_eu_size(42), 265.0, 1e-9);
  EXPECT_NEAR(foot_length_mm_for_eu_size(36), 225.0, 1e-9);
  EXPECT_NEAR(foot_length_mm_for_eu_size(47), 47 * 20.0 / 3.0 - 15.0, 1e-9);
}

TEST(SenselLayout, SizesGrowMonotonicallyWithARealisticWidthRatio) {
  double previous_length = 0;
  double previous_width = 0;
  double previous_area = 0;
  for (int size = kMinEuSize; size <= kMaxEuSize; ++size) {
    const SenselLayout layout = layout_for_eu_size(size);
    EXPECT_GT(layout.foot_length_mm, previous_length) << size;
    EXPECT_GT(layout.foot_width_mm, previous_width) << size;
    EXPECT_GT(layout.sensels[0].area_mm2, previous_area) << size;
    const double ratio = layout.foot_width_mm / layout.foot_length_mm;
    EXPECT_GE(ratio, 0.37);
    EXPECT_LE(ratio, 0.40);
    previous_length = layout.foot_length_mm;
    previous_width = layout.foot_width_mm;
    previous_area = layout.sensels[0].area_mm2;
  }
}

TEST(SenselLayout, RejectsUnsupportedSizesWithAClearMessage) {
  for (int size : {0, 35, 48, -42}) {
    try {
      layout_for_eu_size(size);
      FAIL() << "no exception for EU " << size;
    } catch (const std::invalid_argument& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("EU size " + std::to_string(size)), std::string::npos) << message;
      EXPECT_NE(message.find("36 to 47"), std::string::npos) << message;
    }
  }
  EXPECT_THROW(foot_length_mm_for_eu_size(49), std::invalid_argument);
}

TEST(SenselLayout, DefaultIsEu42) {
  const SenselLayout layout = default_layout();
  EXPECT_EQ(layout.eu_size, 42);
  EXPECT_EQ(layout.grid_id, "eu42-r1");
}

TEST(SenselLayout, WholePadsLieInsideTheOutlineAndTheFootBounds) {
  for (int size = kMinEuSize; size <= kMaxEuSize; ++size) {
    const SenselLayout layout = layout_for_eu_size(size);
    for (std::size_t i = 0; i < layout.sensels.size(); ++i) {
      const Sensel& s = layout.sensels[i];
      const double half = std::sqrt(s.area_mm2) / 2;
      EXPECT_GE(s.y_mm - half, 0.0) << size << " #" << i;
      EXPECT_LE(s.y_mm + half, layout.foot_length_mm) << size << " #" << i;
      EXPECT_LE(std::abs(s.x_mm) + half, layout.foot_width_mm / 2) << size << " #" << i;
      for (double dx : {-half, half}) {
        for (double dy : {-half, half}) {
          EXPECT_TRUE(inside_outline(layout, s.x_mm + dx, s.y_mm + dy)) << size << " #" << i;
        }
      }
    }
  }
}

TEST(SenselLayout, OutlineIsACounterClockwiseInsoleOfRealisticArea) {
  const SenselLayout layout = default_layout();
  const double area = polygon_area(layout.outline);  // positive when counter-clockwise
  const double box = layout.foot_length_mm * layout.foot_width_mm;
  EXPECT_GT(area, 0.65 * box);
  EXPECT_LT(area, 0.85 * box);
  EXPECT_FALSE(inside_outline(layout, 0, -1));
  EXPECT_FALSE(inside_outline(layout, 0, layout.foot_length_mm + 1));
  EXPECT_FALSE(inside_outline(layout, layout.foot_width_mm, layout.foot_length_mm / 2));
  EXPECT_TRUE(inside_outline(layout, 0, layout.foot_length_mm / 2));
}

TEST(SenselLayout, PadsDoNotOverlapAndHaveRealisticSizes) {
  for (int size = kMinEuSize; size <= kMaxEuSize; ++size) {
    const SenselLayout layout = layout_for_eu_size(size);
    double pad_area = 0;
    for (std::size_t i = 0; i < layout.sensels.size(); ++i) {
      const Sensel& a = layout.sensels[i];
      EXPECT_GE(a.area_mm2, 60.0);   // >= ~7.7 mm square
      EXPECT_LE(a.area_mm2, 160.0);  // <= ~12.6 mm square
      pad_area += a.area_mm2;
      for (std::size_t j = i + 1; j < layout.sensels.size(); ++j) {
        const Sensel& b = layout.sensels[j];
        const double reach = (std::sqrt(a.area_mm2) + std::sqrt(b.area_mm2)) / 2;
        const bool apart = std::abs(a.x_mm - b.x_mm) >= reach || std::abs(a.y_mm - b.y_mm) >= reach;
        EXPECT_TRUE(apart) << size << ": #" << i << " overlaps #" << j;
      }
    }
    const double coverage = pad_area / polygon_area(layout.outline);
    EXPECT_GT(coverage, 0.2) << size;
    EXPECT_LT(coverage, 0.5) << size;
  }
}

// Each pad's load area is the part of the outline nearest to it: together they are the outline
// (to the raster's rounding), each holds its pad, and a point is in the cell of its nearest pad.
TEST(SenselLayout, LoadAreasPartitionTheOutline) {
  for (int size : {kMinEuSize, kDefaultEuSize, kMaxEuSize}) {
    const SenselLayout layout = layout_for_eu_size(size);
    double total = 0;
    for (const Sensel& s : layout.sensels) {
      EXPECT_GE(s.load_area_mm2, s.area_mm2) << size;
      EXPECT_LE(s.load_area_mm2, 6 * s.area_mm2) << size;
      total += s.load_area_mm2;
    }
    EXPECT_NEAR(total, polygon_area(layout.outline), 0.005 * polygon_area(layout.outline)) << size;
  }
  // The default layout's first heel pad against a brute-force count on another raster.
  const SenselLayout layout = default_layout();
  const Sensel& heel = layout.sensels[0];
  double near_heel = 0;
  for (double y = 0.1; y < 0.35 * layout.foot_length_mm; y += 0.2) {
    for (double x = -0.5 * layout.foot_width_mm; x < 0.5 * layout.foot_width_mm; x += 0.2) {
      if (!inside_outline(layout, x, y)) continue;
      const double d0 = std::hypot(heel.x_mm - x, heel.y_mm - y);
      bool nearest = true;
      for (const Sensel& s : layout.sensels) nearest &= std::hypot(s.x_mm - x, s.y_mm - y) >= d0;
      if (nearest) near_heel += 0.04;
    }
  }
  EXPECT_NEAR(heel.load_area_mm2, near_heel, 0.02 * near_heel);
}

TEST(SenselLayout, EveryRegionIsPopulatedAndNamed) {
  const SenselLayout layout = default_layout();
  std::map<Region, int> count;
  for (const Sensel& s : layout.sensels) ++count[s.region];
  std::set<std::string_view> names;
  for (Region r : kAllRegions) {
    EXPECT_GE(count[r], 3) << region_name(r);
    names.insert(region_name(r));
  }
  EXPECT_EQ(count.size(), static_cast<std::size_t>(kRegionCount));
  EXPECT_EQ(names.size(), static_cast<std::size_t>(kRegionCount));
  EXPECT_EQ(region_name(Region::kMedialHeel), "medial_heel");
  EXPECT_EQ(region_name(Region::kLesserToes), "lesser_toes");
  EXPECT_EQ(region_name(static_cast<Region>(200)), "unknown");
}

TEST(SenselLayout, RegionsSitWhereTheAnatomyIs) {
  const SenselLayout layout = default_layout();
  std::map<Region, double> sum_x, sum_y;
  std::map<Region, int> n;
  for (const Sensel& s : layout.sensels) {
    sum_x[s.region] += s.x_mm;
    sum_y[s.region] += s.y_mm;
    ++n[s.region];
    // +x is medial: medial regions lie on the medial side of the axis, lateral ones opposite.
    if (s.region == Region::kMedialHeel) {
      EXPECT_GT(s.x_mm, 0);
    }
    if (s.region == Region::kLateralHeel || s.region == Region::kLateralMidfoot) {
      EXPECT_LT(s.x_mm, 0);
    }
  }
  const auto mx = [&](Region r) { return sum_x[r] / n[r]; };
  const auto my = [&](Region r) { return sum_y[r] / n[r]; };
  const double length = layout.foot_length_mm;
  EXPECT_LT(my(Region::kMedialHeel), 0.25 * length);
  EXPECT_LT(my(Region::kLateralHeel), 0.25 * length);
  EXPECT_LT(my(Region::kLateralHeel), my(Region::kLateralMidfoot));
  EXPECT_LT(my(Region::kLateralMidfoot), my(Region::kMet5));
  EXPECT_LT(my(Region::kMet3), my(Region::kHallux));
  EXPECT_GT(my(Region::kHallux), 0.8 * length);
  // Forefoot from medial to lateral: met1 .. met5, and the hallux medial of the lesser toes.
  EXPECT_GT(mx(Region::kMet1), mx(Region::kMet2));
  EXPECT_GT(mx(Region::kMet2), mx(Region::kMet3));
  EXPECT_GT(mx(Region::kMet3), mx(Region::kMet4));
  EXPECT_GT(mx(Region::kMet4), mx(Region::kMet5));
  EXPECT_GT(mx(Region::kHallux), mx(Region::kLesserToes));
  EXPECT_GT(mx(Region::kMedialMidfoot), mx(Region::kLateralMidfoot));
}

TEST(SenselLayout, ScalesOneTableAcrossSizes) {
  const SenselLayout small = layout_for_eu_size(36);
  const SenselLayout large = layout_for_eu_size(47);
  for (std::size_t i = 0; i < small.sensels.size(); ++i) {
    EXPECT_EQ(small.sensels[i].region, large.sensels[i].region);
    EXPECT_NEAR(small.sensels[i].y_mm / small.foot_length_mm,
                large.sensels[i].y_mm / large.foot_length_mm, 1e-12);
    EXPECT_NEAR(small.sensels[i].x_mm / small.foot_width_mm,
                large.sensels[i].x_mm / large.foot_width_mm, 1e-12);
  }
}

}  // namespace
}  // namespace insole::hw
