// Spreads weights over pads so that their weighted centroid lands exactly on a target point.
//
// Given log base weights b_i and pad offsets d_i = (du_i, dv_i) from the target (normalised),
// finds the exponential tilt w_i ∝ exp(b_i + λ·d_i) whose weighted mean offset is zero: λ
// minimises the convex log-partition log Σ exp(b_i + λ·d_i), solved by Newton's method with
// backtracking. The minimum exists when the target lies inside the pads' convex hull.
// Pure; PlantarSpread builds on it.
#ifndef INSOLE_HW_SIM_CENTROID_TILT_H_
#define INSOLE_HW_SIM_CENTROID_TILT_H_

#include <span>

namespace insole::hw::sim {

// Writes the normalised weights (summing to 1) into weights; all spans have the same size.
void tilt_to_centroid(std::span<const double> log_base, std::span<const double> du,
                      std::span<const double> dv, std::span<double> weights);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_CENTROID_TILT_H_
