// A simple running foot: one foot, landing periodically, with no randomness. It is a preset of
// the gait simulator (gait_simulator.h): simple_foot_gait() turns FootParams into a SteadyGait
// and SimpleFoot is a thin adapter that answers for the left foot of that gait, so force curve,
// CoP path, spread over the sensels and ground truth are the gait simulator's own code. See
// docs/simulator.md for the model and its sources.
//
// Time: the foot lands periodically. Stance k (k = 0, 1, 2, ...) starts at
//   phase_s + k * stride_period_s(),  stride_period_s() = 120 / cadence_spm,
// and lasts contact_time_s. Before phase_s and between stances (flight or swing) every force is
// exactly zero. Stance starts are where the modelled force leaves zero; the contact instant a
// detector can see (kContactThresholdN) follows a few milliseconds later.
//
// Force (StanceShape, stance_force.h): within a stance, with tau = (t - start) / contact_time_s
// in (0, 1),
//   F(tau) = BW * (a * sin(pi tau)^1.5 + impact * b(tau))
// where BW = body_mass_kg * g and b is a raised-cosine bump on [0, 0.24] peaking at tau = 0.12
// (the impact transient of a rearfoot strike: 1.3 BW on top of the active curve for
// strike_index <= 0.15, fading linearly to nothing at strike_index >= 0.5). The active amplitude
// a is set so that each stance delivers exactly BW x step period (60 / cadence_spm) of vertical
// impulse: both feet together then average body weight over a stride.
//
// Space (CopPathShape::kWaypoints, cop_path.h): the centre of pressure (CoP) follows a quadratic
// in tau through three waypoints (L, W: foot length and width): (-0.05 W, strike_index L) at the
// start of stance, (0, 0.68 L) under the metatarsal heads at mid-stance, (0.20 W, 0.88 L) under
// the hallux at toe-off, all shifted by medial_shift_mm in x. Sensel forces (PlantarSpread, kernel
// sd 0.35 W x 0.14 L, arch weight 0.15) are non-negative, sum exactly (to rounding) to F, and
// their force-weighted centroid is the CoP returned by cop_at() (to ~1e-9 mm).
//
// Not thread-safe: like the gait simulator under it, it extends caches as it is asked about
// later times (also through the const member functions).
#ifndef INSOLE_HW_SIM_SIMPLE_FOOT_H_
#define INSOLE_HW_SIM_SIMPLE_FOOT_H_

#include <optional>
#include <span>
#include <vector>

#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/cop_path.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/stance_force.h"

namespace insole::hw::sim {

// Total vertical force at which a step counts as started (rising) or ended (falling).
inline constexpr double kContactThresholdN = kStepThresholdN;

struct FootParams {
  bool left = true;              // which shoe; the mirror-free foot frame makes forces side-free
  double body_mass_kg = 70;      // [20, 200]
  double cadence_spm = 170;      // steps per minute, both feet: one foot lands every 120/cadence s
  double contact_time_s = 0.25;  // stance duration; (0, 120/cadence)
  double strike_index = 0.15;    // CoP at contact / foot length: 0.15 rearfoot, 0.5 mid, 0.8 fore;
                                 // [0.10, 0.85]
  double medial_shift_mm = 0;    // CoP offset toward medial over the whole stance (pronation
                                 // proxy); |shift| <= 0.1 x foot width
  double phase_s = 0;            // start of the first stance
};

// Ground truth for one stance, from the model itself (not from sampling): the gait simulator's
// StepTruth. Of note here: contact_s / toe_off_s (total force crosses kContactThresholdN up /
// down), peak_force_n (maximum total force during the stance) and strike_index (CoP y at
// contact_s / foot length; the CoP has moved a little since force onset, so this differs from
// FootParams::strike_index by up to ~0.015, forward for rearfoot strikes, backward for forefoot).
using SimpleStepTruth = StepTruth;

// Centre of pressure in the foot frame, millimetres.
using CentreOfPressure = CopPoint;

// The preset: the steady gait whose left foot is the simple foot with these parameters (its
// right foot is the same foot one step period later). Throws std::invalid_argument if a
// parameter is out of the ranges noted in FootParams or the layout has no sensels or foot size.
SteadyGait simple_foot_gait(const SenselLayout& layout, const FootParams& params);

class SimpleFoot {
 public:
  // Copies what it needs from layout. Throws as simple_foot_gait() does.
  SimpleFoot(const SenselLayout& layout, FootParams params);

  // Force on every sensel at time t_s, newtons, in layout order. newtons.size() must equal the
  // layout's sensel count (std::invalid_argument otherwise).
  void forces_at(double t_s, std::span<double> newtons) const;

  // Total vertical force at t_s, newtons; equals the sum of forces_at().
  double total_force_at(double t_s) const;

  // The modelled centre of pressure at t_s; nullopt while the foot carries no load.
  std::optional<CentreOfPressure> cop_at(double t_s) const;

  // Every stance whose contact_s lies in [t0_s, t1_s), in time order.
  std::vector<SimpleStepTruth> steps_between(double t0_s, double t1_s) const;

  const FootParams& params() const { return params_; }
  double stride_period_s() const { return stride_period_s_; }
  double body_weight_n() const { return gait_.body_weight_n(); }

 private:
  FootParams params_;
  double stride_period_s_;
  mutable GaitSimulator gait_;  // its left foot is this foot
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SIMPLE_FOOT_H_
