// The centre-of-pressure (CoP) path of one stance in the foot frame (docs/hardware.md: origin at
// the rearmost heel point, +y toward the toes, +x MEDIAL on both feet), and the CPEI measured on a
// sampled path. Pure functions.
//
// Path, with L, W the foot length and width and s in [0, 1] the progress through the stance,
// s = (tau - tau_start) / (tau_end - tau_start) clamped, tau the stance-relative time (so the
// path's ends are where the force crosses 20 N):
//  - Rearfoot and midfoot strikes (start_v < 2/3 - 0.03): y moves monotonically from start_v L to
//    toe_off_v L along a logistic progression P(s) (normalised to P(0) = 0, P(1) = 1) centred at
//    progress_centre with steepness progress_steepness: the CoP dwells under the heel after a
//    heel strike, sweeps through the midfoot and slows again under the forefoot. x is the
//    straight construction line from the first to the last point minus a lateral bulge of
//    cpei x W that is largest (exactly cpei x W) at y* = 2/3 L and falls to zero at both ends as
//    a quarter sine in y. The CPEI of this path is therefore exactly 100 x cpei (Song et al.
//    1996).
//  - Forefoot strikes: y follows the quadratic in s through start_v, mid_v (a step back onto
//    the metatarsal heads at s = 0.5) and toe_off_v, never reaching back to 2/3 L (CPEI
//    undefined); x is the line from start to end minus cpei x W sin(pi s).
//  - CopPathShape::kWaypoints (the simple foot, simple_foot.h), for every strike index: x and y
//    both follow the quadratic in s through their start, mid (s = 0.5) and toe-off values;
//    cpei, progress_centre and progress_steepness play no part.
//  - Every point is then shifted by medial_shift_u x W (+ medial).
#ifndef INSOLE_HW_SIM_COP_PATH_H_
#define INSOLE_HW_SIM_COP_PATH_H_

#include <cstdint>
#include <span>

namespace insole::hw::sim {

// kByStrike: the gait simulator's paths above (chosen by start_v); kWaypoints: the quadratic
// through three waypoints in both x and y.
enum class CopPathShape : std::uint8_t { kByStrike, kWaypoints };

struct CopPoint {
  double x_mm;
  double y_mm;
};

struct CopPathParams {
  CopPathShape shape = CopPathShape::kByStrike;
  double foot_length_mm = 265;
  double foot_width_mm = 100.7;
  double start_v = 0.16;            // y / L at stance onset
  double mid_v = 0.73;              // forefoot strikes and kWaypoints: y / L at s = 0.5
  double progress_centre = 0.30;    // rearfoot/midfoot: logistic centre, in s
  double progress_steepness = 7.0;  // rearfoot/midfoot: logistic steepness, per unit s
  double tau_start = 0;             // stance-relative time where the path starts (the 20 N contact)
  double tau_end = 1;               // ... and ends (the 20 N toe-off); tau_start < tau_end
  double toe_off_v = 0.90;          // y / L at toe-off
  double start_u = 0.0;             // x / W at onset (centre of the heel)
  double mid_u = 0.0;               // kWaypoints: x / W at s = 0.5
  double toe_off_u = 0.25;          // x / W at toe-off (under the hallux)
  double cpei = 0.19;               // lateral bulge at 2/3 L, fraction of W
  double medial_shift_u = 0;        // whole-path shift, fraction of W, + medial
};

// CoP at stance-relative time tau (clamped to [0, 1]).
CopPoint cop_on_path(const CopPathParams& path, double tau);

// CPEI in % of foot width of a sampled CoP path (Song et al. 1996, the contract with the
// analysis): construction line from the first to the last point; at y* = 2/3 L the path's x
// (linear interpolation at the first segment reaching y* from below, after the start) and the
// line's x; CPEI = (x_line - x_path) / W x 100, positive when the path is lateral of the line.
// NaN when the path has fewer than two points or never reaches y* from below.
double cpei_pct(std::span<const CopPoint> path, double foot_length_mm, double foot_width_mm);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_COP_PATH_H_
