// One force-sensing-resistor (FSR) sensel: force -> electrical conductance, with the material's
// memory (hysteresis between loading and unloading, creep under sustained load) and temperature.
// Numbers and sources in docs/hardware.md ("Electrical chain").
//
// Static curve: G0(F) = g_per_newton x F_ref x (F / F_ref)^exponent for F > 0, 0 otherwise
// (exponent 1: conductance proportional to force, the usual FSR behaviour above its actuation
// force, Interlink FSR Integration Guide; F_ref = 100 N).
// Hysteresis: a lagged copy m of the force (first order, hysteresis_tau_s) marks the direction
// of travel; while unloading (m > F) the cell conducts more, while loading less:
//   G = G0 x (1 + hysteresis x tanh((m - F) / (0.1 F_ref))) x ...
// so the loading and unloading branches differ by about `hysteresis` at a fast stance
// (Interlink FSR 400 datasheet: +10 % average (R_F+ - R_F-)/R_F+).
// Creep: under load the conductance keeps rising: a state c relaxes toward F / F_ref with
// creep_tau_s, and G x (1 + creep x c): about +creep after a few seconds at F_ref (datasheet:
// drift < 5 % per decade of time).
// Temperature: G x (1 + gain_tempco_per_c x (T - 25 C)).
//
// Deterministic and pure; the state advances only through update().
#ifndef INSOLE_HW_ELECTRICAL_FSR_CELL_H_
#define INSOLE_HW_ELECTRICAL_FSR_CELL_H_

namespace insole::hw::electrical {

struct FsrParams {
  double g_per_newton = 2e-6;        // S/N near F_ref: 100 N -> 5 kOhm
  double exponent = 1.0;             // conductance ~ force^exponent, [0.5, 2]
  double hysteresis = 0.08;          // [0, 0.3]
  double hysteresis_tau_s = 0.03;    // > 0
  double creep = 0.03;               // [0, 0.2]
  double creep_tau_s = 3.0;          // > 0
  double gain_tempco_per_c = 0.002;  // fractional conductance change per kelvin
};

inline constexpr double kReferenceForceN = 100.0;
inline constexpr double kReferenceTemperatureC = 25.0;

// The static curve without memory or temperature: G0(F), siemens.
double static_conductance(const FsrParams& params, double force_n);
// Its inverse: the force whose static conductance is g_s (0 for g_s <= 0).
double static_force(const FsrParams& params, double g_s);

class FsrCell {
 public:
  // gain: this cell's part-to-part factor on g_per_newton.
  FsrCell(const FsrParams& params, double gain);

  // Advances the memory by dt_s >= 0 under force_n and returns the conductance, siemens.
  double update(double force_n, double dt_s, double temperature_c);

  // The same step with the per-scan factors precomputed (identical result): the memories move
  // by fractions hysteresis_step = 1 - exp(-dt / hysteresis_tau_s) and creep_step =
  // 1 - exp(-dt / creep_tau_s) toward their targets, and temperature_gain =
  // 1 + gain_tempco_per_c (T - 25 C). MatrixReadout uses it to share them between cells.
  double step(double force_n, double hysteresis_step, double creep_step, double temperature_gain);

  double gain() const { return gain_; }

 private:
  const FsrParams* params_;
  double gain_;
  double lagged_n_ = 0;
  double creep_state_ = 0;
};

}  // namespace insole::hw::electrical

#endif  // INSOLE_HW_ELECTRICAL_FSR_CELL_H_
