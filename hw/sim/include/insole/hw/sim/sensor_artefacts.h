// What a real force-sensing-resistor insole does to the force on each sensel before it is read:
// the artefacts the analysis must survive (issue 14; sources and magnitudes in docs/hardware.md).
//
// Per sensel, in this order, on the true force F (newtons) sampled at increasing times t:
//  - creep: under a steady load the reading keeps rising, creep_per_decade x F per decade of
//    time under load (FlexiForce A201: < 5 % per logarithmic time scale; Interlink FSR 400
//    integration guide: drift under constant load). Load time counts from the moment the sensel
//    took more than load_n and restarts when it is unloaded.
//  - hysteresis: unloading reads higher than loading at the same force; the excess is
//    hysteresis x F x (1 - F / F_peak) with F_peak the sensel's peak of the current loading
//    (FlexiForce A201: < 4.5 % of full scale; Interlink: +10 % average).
//  - lag: a first-order low-pass with time constant lag_s (polymer relaxation and the read-out's
//    filter; 2-5 ms), applied exactly for an input that is linear between samples.
//  - drift: a slow baseline offset per sensel, an Ornstein-Uhlenbeck process with standard
//    deviation drift_sd_n and correlation time drift_tau_s (several newtons over tens of
//    seconds: Price, Parker & Nester 2016, Gait & Posture 46:69-74, in-shoe systems drift while
//    worn). May be negative: the read-out's clipping at zero then hides the swing's noise floor.
//  - a dead sensel reads 0; a stuck sensel reads stuck_n whatever the load.
// Read-out noise, quantisation and clipping at zero are the read-out's (sensor_readout.h: zero
// offsets make the ADC clip the noise at zero).
//
// Deterministic: one Rng seeded in the constructor; apply() draws one normal per sensel per call.
#ifndef INSOLE_HW_SIM_SENSOR_ARTEFACTS_H_
#define INSOLE_HW_SIM_SENSOR_ARTEFACTS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "insole/hw/sim/random.h"

namespace insole::hw::sim {

struct ArtefactParams {
  double creep_per_decade = 0;  // [0, 0.2], fraction of the load per decade of loaded time
  double creep_t0_s = 0.01;     // > 0: creep counts decades from this time under load
  double hysteresis = 0;        // [0, 0.3]
  double lag_s = 0;             // [0, 0.05]
  double drift_sd_n = 0;        // >= 0
  double drift_tau_s = 30;      // > 0
  double load_n = 2;            // a sensel is loaded above this force
  std::optional<std::size_t> dead_sensel;
  std::optional<std::size_t> stuck_sensel;
  double stuck_n = 40;
};

class SensorArtefacts {
 public:
  // Throws std::invalid_argument for a parameter outside the ranges above or a dead/stuck sensel
  // index beyond sensel_count.
  SensorArtefacts(std::size_t sensel_count, ArtefactParams params, std::uint64_t seed);

  // Replaces the true forces with what the sensels report at t_s (increasing between calls).
  void apply(double t_s, std::span<double> newtons);

  const ArtefactParams& params() const { return params_; }

 private:
  struct Sensel {
    double lagged = 0;      // output of the lag filter
    double last_input = 0;  // input at the previous call (for the exact lag update)
    double drift = 0;       // current drift offset, newtons
    double loaded_since = -1;
    double peak = 0;
  };
  ArtefactParams params_;
  Rng rng_;
  std::vector<Sensel> sensels_;
  double last_t_ = 0;
  bool started_ = false;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SENSOR_ARTEFACTS_H_
