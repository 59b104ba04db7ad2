#include "insole/hw/sim/sensor_readout.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace insole::hw::sim {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("insole::hw::sim::SensorReadout: " + what);
}

std::uint16_t full_scale_for(int adc_bits) {
  require(adc_bits >= 1 && adc_bits <= 16, "adc_bits must be in [1, 16]");
  return static_cast<std::uint16_t>((1u << adc_bits) - 1u);
}

}  // namespace

SensorReadout::SensorReadout(std::size_t sensel_count, ReadoutParams params, std::uint64_t seed)
    : params_(params), full_scale_(full_scale_for(params.adc_bits)), rng_(seed) {
  require(std::isfinite(params.newtons_per_count) && params.newtons_per_count > 0,
          "newtons_per_count must be positive");
  require(std::isfinite(params.noise_counts_rms) && params.noise_counts_rms >= 0,
          "noise_counts_rms must be zero or positive");
  require(params.offset_min <= params.offset_max && params.offset_max <= full_scale_,
          "offsets must satisfy offset_min <= offset_max <= 2^adc_bits - 1");
  offsets_.reserve(sensel_count);
  for (std::size_t i = 0; i < sensel_count; ++i) {
    offsets_.push_back(
        static_cast<std::uint16_t>(rng_.uniform_int(params.offset_min, params.offset_max)));
  }
}

void SensorReadout::read(std::span<const double> newtons, std::span<std::uint16_t> counts) {
  require(newtons.size() == offsets_.size() && counts.size() == offsets_.size(),
          "read() needs " + std::to_string(offsets_.size()) + " forces and counts, got " +
              std::to_string(newtons.size()) + " and " + std::to_string(counts.size()));
  for (std::size_t i = 0; i < newtons.size(); ++i) {
    require(std::isfinite(newtons[i]), "force on sensel " + std::to_string(i) + " is not finite");
  }
  for (std::size_t i = 0; i < offsets_.size(); ++i) {
    const double noise = params_.noise_counts_rms * rng_.normal();
    const double value = std::round(offsets_[i] + newtons[i] / params_.newtons_per_count + noise);
    const double clamped = value < 0 ? 0.0 : (value > full_scale_ ? full_scale_ : value);
    counts[i] = static_cast<std::uint16_t>(clamped);
  }
}

}  // namespace insole::hw::sim
