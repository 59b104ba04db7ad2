// The total vertical force of one foot over one stance, and the step metrics measured on it.
//
// Shape (tau = time since stance onset / duration, in (0, 1); zero outside):
//   u(tau) = tau + (skew / pi) sin(pi tau)                        (time warp: skew > 0 moves the
//                                                                  first peak earlier)
//   run:   F = BW [ active sin(pi u)^exponent + impact sin^2(pi tau / (2 w)) for tau < 2w ]
//   walk:  F = BW active sin(pi u)^exponent (1 - valley cos(4 pi u))   (M shape: two peaks near
//                                                                       25 % and 75 %, a dip at 50
//                                                                       %)
// BW = body weight in newtons, w = impact_half_width. The running curve is the active hump plus
// the impact transient of a heel strike (Cavanagh & Lafortune 1980); the walking curve is the
// double-humped vertical GRF of walking (Perry & Burnfield, Gait Analysis, 2nd ed. 2010).
//
// measure() evaluates the metrics on this continuous model exactly as the analysis defines them on
// samples (docs/simulator.md): contact and toe-off where the force crosses kContactThresholdN up
// and down (bisection to ~1e-12 of the duration), peak force, loading rate as the mean slope from
// 20 % to 80 % of the first peak (the first local maximum that reaches half the stance peak;
// from the contact instant at 20 N when 20 % of that peak is below 20 N) and the impulse between
// contact and toe-off (composite Simpson, relative error < 1e-6). Pure functions.
#ifndef INSOLE_HW_SIM_STANCE_FORCE_H_
#define INSOLE_HW_SIM_STANCE_FORCE_H_

#include "insole/hw/sim/scenario.h"

namespace insole::hw::sim {

// Total force at which a step counts as started (rising) or ended (falling), newtons.
inline constexpr double kStepThresholdN = 20.0;
// Standard gravity, m/s^2: body weight = body mass x kGravity.
inline constexpr double kGravity = 9.80665;

struct StanceShape {
  Gait gait = Gait::kRun;
  double duration_s = 0.25;         // > 0
  double body_weight_n = 686.5;     // > 0
  double active = 2.5;              // body weights
  double exponent = 1.5;            // > 0
  double skew = 0;                  // |skew| <= 0.8
  double impact = 0;                // body weights, running only
  double impact_half_width = 0.12;  // in tau, (0, 0.25]
  double valley = 0.3;              // walking only, [0, 0.9]
};

// Force at stance-relative time tau, newtons; 0 outside (0, 1).
double stance_force(const StanceShape& shape, double tau);

struct StanceMetrics {
  double contact_offset_s;  // contact instant - stance onset
  double toe_off_offset_s;  // toe-off instant - stance onset
  double contact_time_s;    // toe_off - contact
  double peak_force_n;
  double peak_offset_s;  // time of the peak after onset
  double first_peak_n;   // the peak the loading rate is measured on
  double loading_rate_n_per_s;
  double impulse_ns;  // integral of the force from contact to toe-off
};

// Throws std::invalid_argument if the force never reaches kStepThresholdN.
StanceMetrics measure(const StanceShape& shape);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_STANCE_FORCE_H_
