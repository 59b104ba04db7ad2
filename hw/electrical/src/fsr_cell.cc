#include "insole/hw/electrical/fsr_cell.h"

#include <cmath>

namespace insole::hw::electrical {

double static_conductance(const FsrParams& p, double force_n) {
  if (!(force_n > 0)) return 0.0;
  return p.g_per_newton * kReferenceForceN * std::pow(force_n / kReferenceForceN, p.exponent);
}

double static_force(const FsrParams& p, double g_s) {
  if (!(g_s > 0)) return 0.0;
  return kReferenceForceN * std::pow(g_s / (p.g_per_newton * kReferenceForceN), 1.0 / p.exponent);
}

FsrCell::FsrCell(const FsrParams& params, double gain) : params_(&params), gain_(gain) {}

double FsrCell::update(double force_n, double dt_s, double temperature_c) {
  const FsrParams& p = *params_;
  return step(force_n, 1.0 - std::exp(-dt_s / p.hysteresis_tau_s),
              1.0 - std::exp(-dt_s / p.creep_tau_s),
              1.0 + p.gain_tempco_per_c * (temperature_c - kReferenceTemperatureC));
}

double FsrCell::step(double force_n, double hysteresis_step, double creep_step,
                     double temperature_gain) {
  const FsrParams& p = *params_;
  const double f = force_n > 0 ? force_n : 0.0;
  lagged_n_ += (f - lagged_n_) * hysteresis_step;
  creep_state_ += (f / kReferenceForceN - creep_state_) * creep_step;
  if (f <= 0) return 0.0;
  const double curve = p.exponent == 1.0 ? p.g_per_newton * f : static_conductance(p, f);
  const double memory =
      p.hysteresis == 0
          ? 1.0
          : 1.0 + p.hysteresis * std::tanh((lagged_n_ - f) / (0.1 * kReferenceForceN));
  return gain_ * curve * memory * (1.0 + p.creep * creep_state_) * temperature_gain;
}

}  // namespace insole::hw::electrical
