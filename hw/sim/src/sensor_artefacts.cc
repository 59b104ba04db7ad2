#include "insole/hw/sim/sensor_artefacts.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace insole::hw::sim {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("insole::hw::sim::SensorArtefacts: " + what);
}

bool in(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

}  // namespace

SensorArtefacts::SensorArtefacts(std::size_t sensel_count, ArtefactParams params,
                                 std::uint64_t seed)
    : params_(params), rng_(seed), sensels_(sensel_count) {
  require(in(params.creep_per_decade, 0, 0.2), "creep_per_decade must be in [0, 0.2]");
  require(in(params.creep_t0_s, 1e-6, 10), "creep_t0_s must be in (0, 10]");
  require(in(params.hysteresis, 0, 0.3), "hysteresis must be in [0, 0.3]");
  require(in(params.lag_s, 0, 0.05), "lag_s must be in [0, 0.05]");
  require(in(params.drift_sd_n, 0, 100), "drift_sd_n must be in [0, 100]");
  require(in(params.drift_tau_s, 1e-3, 1e4), "drift_tau_s must be positive");
  require(!params.dead_sensel || *params.dead_sensel < sensel_count, "dead_sensel out of range");
  require(!params.stuck_sensel || *params.stuck_sensel < sensel_count, "stuck_sensel out of range");
  // Start each drift from its stationary distribution, so a run does not begin at zero drift.
  for (Sensel& s : sensels_) s.drift = params.drift_sd_n * rng_.normal();
}

void SensorArtefacts::apply(double t_s, std::span<double> newtons) {
  require(newtons.size() == sensels_.size(), "apply() needs one force per sensel");
  const double dt = started_ ? t_s - last_t_ : 0.0;
  require(dt >= 0, "times must not decrease");
  // Exact discrete Ornstein-Uhlenbeck step; the lag filter's step for a linear input.
  const double ou_keep = std::exp(-dt / params_.drift_tau_s);
  const double ou_new = params_.drift_sd_n * std::sqrt(1 - ou_keep * ou_keep);
  const double lag_keep = params_.lag_s > 0 ? std::exp(-dt / params_.lag_s) : 0.0;
  for (std::size_t i = 0; i < sensels_.size(); ++i) {
    Sensel& s = sensels_[i];
    const double f = newtons[i];
    double sensed = f;
    if (f > params_.load_n) {
      if (s.loaded_since < 0) {
        s.loaded_since = t_s;
        s.peak = 0;
      }
      const double loaded = t_s - s.loaded_since;
      sensed += params_.creep_per_decade * f * std::log10(1 + loaded / params_.creep_t0_s);
      if (f >= s.peak) {
        s.peak = f;
      } else {
        sensed += params_.hysteresis * f * (1 - f / s.peak);
      }
    } else {
      s.loaded_since = -1;
    }
    if (!started_ || params_.lag_s <= 0) {
      s.lagged = sensed;
    } else if (dt > 0) {
      // y' = (x - y) / tau with x linear from last_input to sensed over dt.
      const double slope = (sensed - s.last_input) / dt;
      const double tau = params_.lag_s;
      s.lagged = sensed - slope * tau + (s.lagged - s.last_input + slope * tau) * lag_keep;
    }
    s.last_input = sensed;
    s.drift = s.drift * ou_keep + ou_new * rng_.normal();
    double out = s.lagged + s.drift;
    if (params_.dead_sensel && *params_.dead_sensel == i) out = 0;
    if (params_.stuck_sensel && *params_.stuck_sensel == i) out = params_.stuck_n;
    newtons[i] = out;
  }
  last_t_ = t_s;
  started_ = true;
}

}  // namespace insole::hw::sim
