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
  const double f = force_n > 0 ? force_n : 0.0;
  // Exact first-order steps, stable for any dt.
  lagged_n_ += (f - lagged_n_) * (1.0 - std::exp(-dt_s / p.hysteresis_tau_s));
  creep_state_ += (f / kReferenceForceN - creep_state_) * (1.0 - std::exp(-dt_s / p.creep_tau_s));
  if (f <= 0) return 0.0;
  const double direction = std::tanh((lagged_n_ - f) / (0.1 * kReferenceForceN));
  return gain_ * static_conductance(p, f) * (1.0 + p.hysteresis * direction) *
         (1.0 + p.creep * creep_state_) *
         (1.0 + p.gain_tempco_per_c * (temperature_c - kReferenceTemperatureC));
}

}  // namespace insole::hw::electrical
