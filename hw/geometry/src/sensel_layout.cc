#include "insole/hw/sensel_layout.h"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>

namespace insole::hw {
namespace {

// Last length per EU size: one Paris point = 2/3 cm.
constexpr double kParisPointMm = 20.0 / 3.0;
// Toe allowance between last length and foot length (typically 10-20 mm; 15 mm is the usual
// figure for the Paris point system).
constexpr double kToeAllowanceMm = 15.0;
// Ball width / foot length; adult feet fall within about 0.37-0.40.
constexpr double kWidthRatio = 0.38;
// Side of a square pad as a fraction of foot length: 10.1 mm (101 mm^2) at EU 42.
constexpr double kPadSideRatio = 0.038;

// Normalised coordinates: v = y / foot length, u = x / foot width (u > 0 medial).
struct TableSensel {
  double v;
  double u;
  Region region;
};

// Revision 1 of the anatomical layout, in reading order. Heel rows at 5-23 %, midfoot rows at
// 31-52 %, metatarsal rows at 61-74 % (the metatarsal heads lie on an oblique line from the
// fifth at ~65 % to the first at ~72 % of foot length), toes from 80 %.
constexpr TableSensel kTable[] = {
    // Heel: 14
    {0.050, +0.12, Region::kMedialHeel},
    {0.050, -0.12, Region::kLateralHeel},
    {0.110, +0.21, Region::kMedialHeel},
    {0.110, +0.07, Region::kMedialHeel},
    {0.110, -0.07, Region::kLateralHeel},
    {0.110, -0.21, Region::kLateralHeel},
    {0.170, +0.21, Region::kMedialHeel},
    {0.170, +0.07, Region::kMedialHeel},
    {0.170, -0.07, Region::kLateralHeel},
    {0.170, -0.21, Region::kLateralHeel},
    {0.230, +0.21, Region::kMedialHeel},
    {0.230, +0.07, Region::kMedialHeel},
    {0.230, -0.07, Region::kLateralHeel},
    {0.230, -0.21, Region::kLateralHeel},
    // Midfoot: 17
    {0.310, +0.16, Region::kMedialMidfoot},
    {0.310, +0.02, Region::kMedialMidfoot},
    {0.310, -0.12, Region::kLateralMidfoot},
    {0.310, -0.26, Region::kLateralMidfoot},
    {0.380, +0.16, Region::kMedialMidfoot},
    {0.380, +0.02, Region::kMedialMidfoot},
    {0.380, -0.12, Region::kLateralMidfoot},
    {0.380, -0.26, Region::kLateralMidfoot},
    {0.450, +0.16, Region::kMedialMidfoot},
    {0.450, +0.02, Region::kMedialMidfoot},
    {0.450, -0.12, Region::kLateralMidfoot},
    {0.450, -0.26, Region::kLateralMidfoot},
    {0.520, +0.20, Region::kMedialMidfoot},
    {0.520, +0.06, Region::kMedialMidfoot},
    {0.520, -0.08, Region::kLateralMidfoot},
    {0.520, -0.22, Region::kLateralMidfoot},
    {0.520, -0.36, Region::kLateralMidfoot},
    // Metatarsals: 20
    {0.610, +0.34, Region::kMet1},
    {0.610, +0.20, Region::kMet2},
    {0.610, +0.06, Region::kMet3},
    {0.610, -0.08, Region::kMet4},
    {0.610, -0.22, Region::kMet5},
    {0.610, -0.36, Region::kMet5},
    {0.675, +0.40, Region::kMet1},
    {0.675, +0.26, Region::kMet1},
    {0.675, +0.12, Region::kMet2},
    {0.675, -0.02, Region::kMet3},
    {0.675, -0.16, Region::kMet4},
    {0.675, -0.30, Region::kMet5},
    {0.675, -0.43, Region::kMet5},
    {0.740, +0.40, Region::kMet1},
    {0.740, +0.26, Region::kMet1},
    {0.740, +0.12, Region::kMet2},
    {0.740, -0.02, Region::kMet3},
    {0.740, -0.16, Region::kMet4},
    {0.740, -0.30, Region::kMet4},
    {0.740, -0.42, Region::kMet5},
    // Toes: 13
    {0.820, +0.34, Region::kHallux},
    {0.820, +0.20, Region::kHallux},
    {0.805, +0.06, Region::kLesserToes},
    {0.805, -0.08, Region::kLesserToes},
    {0.805, -0.22, Region::kLesserToes},
    {0.805, -0.34, Region::kLesserToes},
    {0.890, +0.30, Region::kHallux},
    {0.890, +0.16, Region::kHallux},
    {0.875, +0.02, Region::kLesserToes},
    {0.875, -0.12, Region::kLesserToes},
    {0.875, -0.25, Region::kLesserToes},
    {0.950, +0.22, Region::kHallux},
    {0.950, +0.08, Region::kLesserToes},
};
static_assert(std::size(kTable) == kSenselCount, "the layout table must hold kSenselCount pads");

// Insole outline as lateral and medial edges (u) at stations along the foot (v). The medial
// edge is drawn up the foot, then the lateral edge back down; v = 0 and v = 1 are single points.
struct OutlineStation {
  double v;
  double u_lateral;
  double u_medial;
};

constexpr OutlineStation kOutline[] = {
    {0.00, +0.00, +0.00}, {0.02, -0.20, +0.20}, {0.05, -0.28, +0.28}, {0.10, -0.32, +0.31},
    {0.20, -0.34, +0.32}, {0.30, -0.36, +0.31}, {0.40, -0.40, +0.33}, {0.50, -0.44, +0.38},
    {0.60, -0.48, +0.45}, {0.66, -0.50, +0.48}, {0.72, -0.49, +0.50}, {0.80, -0.45, +0.49},
    {0.88, -0.36, +0.45}, {0.94, -0.24, +0.40}, {0.98, -0.06, +0.28}, {1.00, +0.12, +0.12},
};

void check_size(int eu_size) {
  if (eu_size < kMinEuSize || eu_size > kMaxEuSize) {
    throw std::invalid_argument("insole::hw: no sensel layout for EU size " +
                                std::to_string(eu_size) + "; supported sizes are EU " +
                                std::to_string(kMinEuSize) + " to " + std::to_string(kMaxEuSize));
  }
}

}  // namespace

std::string_view region_name(Region region) {
  switch (region) {
    case Region::kMedialHeel:
      return "medial_heel";
    case Region::kLateralHeel:
      return "lateral_heel";
    case Region::kMedialMidfoot:
      return "medial_midfoot";
    case Region::kLateralMidfoot:
      return "lateral_midfoot";
    case Region::kMet1:
      return "met1";
    case Region::kMet2:
      return "met2";
    case Region::kMet3:
      return "met3";
    case Region::kMet4:
      return "met4";
    case Region::kMet5:
      return "met5";
    case Region::kHallux:
      return "hallux";
    case Region::kLesserToes:
      return "lesser_toes";
  }
  return "unknown";
}

double foot_length_mm_for_eu_size(int eu_size) {
  check_size(eu_size);
  return eu_size * kParisPointMm - kToeAllowanceMm;
}

double foot_width_mm_for_eu_size(int eu_size) {
  return kWidthRatio * foot_length_mm_for_eu_size(eu_size);
}

namespace {

SenselLayout pads_and_outline(int eu_size);

// The part of the outline nearer to each pad than to any other, in mm², on a 0.25 mm raster.
std::vector<double> nearest_pad_areas(const SenselLayout& layout) {
  constexpr double kStep = 0.25;
  double x0 = 0, x1 = 0, y1 = 0;
  for (const OutlinePoint& p : layout.outline) {
    x0 = std::min(x0, p.x_mm);
    x1 = std::max(x1, p.x_mm);
    y1 = std::max(y1, p.y_mm);
  }
  std::vector<double> area(layout.sensels.size(), 0.0);
  for (double y = kStep / 2; y < y1; y += kStep) {
    for (double x = x0 + kStep / 2; x < x1; x += kStep) {
      if (!inside_outline(layout, x, y)) continue;
      std::size_t best = 0;
      double best_d = 1e300;
      for (std::size_t i = 0; i < layout.sensels.size(); ++i) {
        const double dx = layout.sensels[i].x_mm - x, dy = layout.sensels[i].y_mm - y;
        if (dx * dx + dy * dy < best_d) {
          best_d = dx * dx + dy * dy;
          best = i;
        }
      }
      area[best] += kStep * kStep;
    }
  }
  return area;
}

// Every size is the same table scaled by foot length in x and y alike (width = 0.38 x length),
// so the load areas of one size scale by length squared to all the others.
const std::vector<double>& reference_load_areas() {
  static const std::vector<double> areas = nearest_pad_areas(pads_and_outline(kDefaultEuSize));
  return areas;
}

}  // namespace

SenselLayout layout_for_eu_size(int eu_size) {
  SenselLayout layout = pads_and_outline(eu_size);
  const double scale = layout.foot_length_mm / foot_length_mm_for_eu_size(kDefaultEuSize);
  const std::vector<double>& reference = reference_load_areas();
  for (std::size_t i = 0; i < layout.sensels.size(); ++i)
    layout.sensels[i].load_area_mm2 = reference[i] * scale * scale;
  return layout;
}

namespace {

SenselLayout pads_and_outline(int eu_size) {
  const double length = foot_length_mm_for_eu_size(eu_size);
  const double width = foot_width_mm_for_eu_size(eu_size);
  const double side = kPadSideRatio * length;

  SenselLayout layout;
  layout.grid_id = "eu" + std::to_string(eu_size) + "-r" + std::to_string(kLayoutRevision);
  layout.eu_size = eu_size;
  layout.foot_length_mm = length;
  layout.foot_width_mm = width;

  layout.sensels.reserve(kSenselCount);
  for (const TableSensel& t : kTable) {
    layout.sensels.push_back(Sensel{t.u * width, t.v * length, side * side, t.region, 0});
  }

  // Up the medial edge (heel point included), then down the lateral edge, skipping the single
  // points at both ends so no vertex repeats.
  for (const OutlineStation& s : kOutline) {
    layout.outline.push_back(OutlinePoint{s.u_medial * width, s.v * length});
  }
  for (std::size_t i = std::size(kOutline) - 2; i >= 1; --i) {
    layout.outline.push_back(OutlinePoint{kOutline[i].u_lateral * width, kOutline[i].v * length});
  }
  return layout;
}

}  // namespace

SenselLayout default_layout() { return layout_for_eu_size(kDefaultEuSize); }

bool inside_outline(const SenselLayout& layout, double x_mm, double y_mm) {
  // Even-odd rule: count outline edges crossed by a ray from the point toward +x.
  const std::vector<OutlinePoint>& p = layout.outline;
  bool inside = false;
  for (std::size_t i = 0, j = p.size() - 1; i < p.size(); j = i++) {
    const bool straddles = (p[i].y_mm > y_mm) != (p[j].y_mm > y_mm);
    if (straddles) {
      const double x_cross =
          p[j].x_mm + (y_mm - p[j].y_mm) * (p[i].x_mm - p[j].x_mm) / (p[i].y_mm - p[j].y_mm);
      if (x_mm < x_cross) inside = !inside;
    }
  }
  return inside;
}

}  // namespace insole::hw
