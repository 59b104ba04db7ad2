// A simple running foot: the vertical ground reaction force of one foot over time, spread over
// the sensels of a layout, with exact ground truth (contacts, toe-offs, peaks, centre of
// pressure). It is the first stand-in for the fuller gait simulator: pure code, no I/O, no
// randomness, identical output for identical inputs. See docs/simulator.md for the model and its
// sources.
//
// Time: the foot lands periodically. Stance k (k = 0, 1, 2, ...) starts at
//   phase_s + k * stride_period_s(),  stride_period_s() = 120 / cadence_spm,
// and lasts contact_time_s. Before phase_s and between stances (flight or swing) every force is
// exactly zero. Stance starts are where the modelled force leaves zero; the contact instant a
// detector can see (kContactThresholdN) follows a few milliseconds later.
//
// Force: within a stance, with tau = (t - start) / contact_time_s in (0, 1),
//   F(tau) = BW * (a * sin(pi tau)^1.5 + impact * b(tau))
// where BW = body_mass_kg * g and b is a raised-cosine bump on [0, 0.24] peaking at tau = 0.12
// (the impact transient of a rearfoot strike: 1.3 BW on top of the active curve for
// strike_index <= 0.15, fading linearly to nothing at strike_index >= 0.5). The active amplitude
// a is set so that each stance delivers exactly BW x step period (60 / cadence_spm) of vertical
// impulse: both feet together then average body weight over a stride.
//
// Space: the centre of pressure (CoP) follows a quadratic in tau through three waypoints (L, W:
// foot length and width): (-0.05 W, strike_index L) at the start of stance, (0, 0.68 L) under the
// metatarsal heads at mid-stance, (0.20 W, 0.88 L) under the hallux at toe-off, all shifted by
// medial_shift_mm in x. Sensel forces are non-negative, sum exactly (to rounding) to F, and
// their force-weighted centroid is the CoP returned by cop_at() (to ~1e-9 mm).
#ifndef INSOLE_HW_SIM_SIMPLE_FOOT_H_
#define INSOLE_HW_SIM_SIMPLE_FOOT_H_

#include <optional>
#include <span>
#include <vector>

#include "insole/hw/sensel_layout.h"

namespace insole::hw::sim {

// Total vertical force at which a step counts as started (rising) or ended (falling).
inline constexpr double kContactThresholdN = 20.0;
// Standard gravity, m/s^2.
inline constexpr double kGravity = 9.80665;

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

// Ground truth for one stance, from the model itself (not from sampling).
struct SimpleStepTruth {
  double contact_s;     // total force crosses kContactThresholdN upward
  double toe_off_s;     // total force crosses kContactThresholdN downward
  double strike_index;  // CoP y at contact_s / foot length; the CoP has moved a little since
                        // force onset, so this differs from FootParams::strike_index by up to
                        // ~0.015 (forward for rearfoot strikes, backward for forefoot)
  double peak_force_n;  // maximum total vertical force during the stance
};

// Centre of pressure in the foot frame, millimetres.
struct CentreOfPressure {
  double x_mm;
  double y_mm;
};

class SimpleFoot {
 public:
  // Copies what it needs from layout. Throws std::invalid_argument if a parameter is out of the
  // ranges noted in FootParams or the layout has no sensels.
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
  double body_weight_n() const { return body_weight_n_; }

 private:
  // Stance-relative time tau in (0, 1) at t_s, or nullopt outside every stance.
  std::optional<double> stance_tau(double t_s) const;
  double force_at_tau(double tau) const;
  CentreOfPressure cop_at_tau(double tau) const;

  struct Pad {
    double u;           // x / foot width
    double v;           // y / foot length
    double log_weight;  // log of the footprint weight of the pad's region
  };

  FootParams params_;
  double foot_length_mm_;
  double foot_width_mm_;
  std::vector<Pad> pads_;
  double body_weight_n_;
  double stride_period_s_;
  double impact_weight_;     // impact bump amplitude, body weights
  double active_amplitude_;  // a, body weights
  // Per-stance truth, identical for every stance of this foot.
  double contact_tau_;
  double toe_off_tau_;
  double peak_force_n_;
  double contact_strike_index_;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SIMPLE_FOOT_H_
