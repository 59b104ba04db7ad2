#include "insole/hw/validation/sensor_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace insole::hw::validation {

std::string_view name(Condition condition) {
  switch (condition) {
    case Condition::kClean:
      return "clean";
    case Condition::kDrift:
      return "drift";
    case Condition::kCreepHysteresis:
      return "creep+hysteresis";
    case Condition::kClippedNoise:
      return "clipped noise";
    case Condition::kLag:
      return "lag 3.5 ms, declared";
    case Condition::kLagUndeclared:
      return "lag 3.5 ms, undeclared";
    case Condition::kLagMisdeclared:
      return "lag 2 / 5 ms, declared 3.5";
    case Condition::kDropouts:
      return "dropped bursts";
    case Condition::kRate100:
      return "100 Hz";
    case Condition::kRate1000:
      return "1 kHz";
    case Condition::kDeadSensel:
      return "dead sensel";
    case Condition::kStuckSensel:
      return "stuck sensel";
    case Condition::kFootMissing:
      return "foot missing";
    case Condition::kWorn:
      break;
  }
  return "worn (all)";
}

SensorArtefacts artefacts(Condition condition) {
  SensorArtefacts a;
  switch (condition) {
    case Condition::kClean:
      break;
    case Condition::kDrift:
      a.drift_n = 4.0;
      break;
    case Condition::kCreepHysteresis:
      a.creep = 0.05;
      a.hysteresis = 0.08;
      break;
    case Condition::kClippedNoise:
      a.noise_n = 0.4;
      a.quantum_n = 0.1;
      break;
    case Condition::kLag:
      a.lag_s = 0.0035;
      break;
    case Condition::kLagUndeclared:
      a.lag_s = 0.0035;
      a.declared_lag_s = 0;
      break;
    case Condition::kLagMisdeclared:
      a.lag_s = 0.002;
      a.right_lag_s = 0.005;
      a.declared_lag_s = 0.0035;
      break;
    case Condition::kDropouts:
      a.dropout_stance_fraction = 0.3;
      break;
    case Condition::kRate100:
      a.rate_hz = 100;
      break;
    case Condition::kRate1000:
      a.rate_hz = 1000;
      break;
    case Condition::kDeadSensel:
      a.dead_sensel = true;
      break;
    case Condition::kStuckSensel:
      a.stuck_sensel = true;
      break;
    case Condition::kFootMissing:
      a.foot_missing = true;
      break;
    case Condition::kWorn:
      a.drift_n = 4.0;
      a.creep = 0.05;
      a.hysteresis = 0.08;
      a.noise_n = 0.4;
      a.quantum_n = 0.1;
      a.lag_s = 0.0035;
      break;
  }
  return a;
}

double declared_lag_s(const SensorArtefacts& a, bool right) {
  if (a.declared_lag_s >= 0) return a.declared_lag_s;
  return right && a.right_lag_s >= 0 ? a.right_lag_s : a.lag_s;
}

void FirstOrderLag::step(double dt, std::span<const double> input, std::span<double> out) {
  // Exact response of dy/dt = (x - y) / tau to x ramping linearly from x_ to input over dt.
  const double e = std::exp(-dt / tau_);
  const double k = tau_ / dt * (1 - e);
  for (std::size_t i = 0; i < y_.size(); ++i) {
    const double x0 = x_[i], x1 = input[i];
    y_[i] = x1 + (y_[i] - x0) * e - (x1 - x0) * k;
    x_[i] = x1;
    out[i] = y_[i];
  }
}

SensorModel::SensorModel(std::size_t sensels, const SensorArtefacts& artefacts, std::uint64_t seed)
    : a_(artefacts),
      rng_(seed),
      creep_state_(sensels),
      peak_(sensels),
      drift_amp_(sensels),
      drift_period_(sensels),
      drift_phase_(sensels) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (std::size_t k = 0; k < sensels; ++k) {
    drift_amp_[k] = a_.drift_n * (0.3 + 0.7 * u(rng_));
    drift_period_[k] = 20 + 40 * u(rng_);
    drift_phase_[k] = 2 * std::numbers::pi * u(rng_);
  }
  // Fail a sensel in the loaded part of the foot (sensels are in layout order, heel first).
  dead_ = sensels / 2 + static_cast<std::size_t>(u(rng_) * static_cast<double>(sensels) / 4);
  stuck_ = dead_;
}

void SensorModel::read(double t_s, std::span<const float> load_n, std::span<float> out) {
  const double dt = last_t_ < 0 ? 0 : t_s - last_t_;
  last_t_ = t_s;
  const double creep_k = 1 - std::exp(-dt / 5.0);
  for (std::size_t k = 0; k < load_n.size(); ++k) {
    const double f = static_cast<double>(load_n[k]);
    double y = f;
    if (a_.creep > 0) {
      creep_state_[k] += (f - creep_state_[k]) * creep_k;
      y += a_.creep * creep_state_[k];
    }
    if (a_.hysteresis > 0) {
      if (f < 1.0) peak_[k] = 0;
      peak_[k] = std::max(peak_[k], f);
      y += a_.hysteresis * std::min(f, peak_[k] - f);
    }
    if (a_.drift_n > 0) {
      y += drift_amp_[k] * 0.5 *
           (1 - std::cos(2 * std::numbers::pi * t_s / drift_period_[k] + drift_phase_[k]));
    }
    if (a_.noise_n > 0) y += a_.noise_n * noise_(rng_);
    y = std::max(0.0, y);
    if (a_.quantum_n > 0) y = a_.quantum_n * std::round(y / a_.quantum_n);
    if (a_.dead_sensel && k == dead_) y = 0;
    if (a_.stuck_sensel && k == stuck_) y = a_.stuck_n;
    out[k] = static_cast<float>(y);
  }
}

}  // namespace insole::hw::validation
