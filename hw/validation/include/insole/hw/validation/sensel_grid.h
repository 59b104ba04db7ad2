// Sensel grids for the validation source, each an analysis::Layout plus the share of every
// foot-model region's load that each sensel reads (pure).
//
// Every grid partitions the foot outline: a point of the insole belongs to the sensel whose
// centre is nearest, so a sensel reads the integral of the region pressures over its cell and
// the sensels together read the whole load (total force conserved). Kernels are integrated on
// a 1 mm raster of the outline. Grids:
//  - kDiscrete8: a commercial-style layout: heel medial / lateral, lateral midfoot, MTH1, MTH3,
//    MTH5, hallux, lesser toes (large pads, one per anatomical site);
//  - kMatrix16: 16 sensels hand-placed over heel, midfoot, metatarsal heads and toes;
//  - kMatrix64: 16 rows x 4 columns spread across the local outline width;
//  - kDense: a square grid clipped to the outline, the coarsest pitch giving >= 99 sensels.
#ifndef INSOLE_HW_VALIDATION_SENSEL_GRID_H_
#define INSOLE_HW_VALIDATION_SENSEL_GRID_H_

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/hw/validation/foot_model.h"

namespace insole::hw::validation {

enum class GridKind { kDiscrete8, kMatrix16, kMatrix64, kDense };
std::string_view name(GridKind kind);

struct SenselGrid {
  analysis::Layout layout;
  // share[sensel][region]: the fraction of the region's load this sensel reads; each region's
  // shares sum to 1 over the sensels.
  std::vector<std::array<double, kRegionCount>> share;

  // Sensel forces from region loads.
  void spread(std::span<const double, kRegionCount> loads, std::span<float> forces_n) const;
};

SenselGrid make_grid(GridKind kind, double foot_length_mm);

// A grid's sensels spreading one point load: the share of a load at (x, y) read by each
// sensel, as a Gaussian of spread `spread_mm` (used to lay a measured CoP over a layout).
void spread_point(const SenselGrid& grid, double x_mm, double y_mm, double force_n,
                  double spread_mm, std::span<float> forces_n);

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_SENSEL_GRID_H_
