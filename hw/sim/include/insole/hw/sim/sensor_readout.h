// Simulated read-out of the sensel matrix: force on each sensel -> raw ADC counts.
//
// Linear model for now (docs/hardware.md): for sensel i,
//   counts_i = clamp(round(offset_i + F_i / newtons_per_count + noise_counts_rms * z), 0, 2^bits-1)
// with offset_i a fixed per-sensel zero offset drawn once, uniformly in [offset_min, offset_max],
// and z a fresh standard normal per sensel and read. round() is half away from zero. FSR
// hysteresis, creep, crosstalk and non-linearity come later with the electrical model.
//
// Deterministic: the offsets and every noise sample come from one Rng (random.h) seeded in the
// constructor; offsets are drawn first in sensel order, then each read() draws exactly one normal
// per sensel in sensel order (also when noise_counts_rms is 0, so the noise level never shifts
// the stream). Equal seeds and equal inputs give equal counts.
#ifndef INSOLE_HW_SIM_SENSOR_READOUT_H_
#define INSOLE_HW_SIM_SENSOR_READOUT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "insole/hw/sim/random.h"

namespace insole::hw::sim {

struct ReadoutParams {
  double newtons_per_count = 0.1;  // > 0; matches DeviceInfo.newtons_per_count
  int adc_bits = 12;               // [1, 16]
  double noise_counts_rms = 1.5;   // >= 0, white Gaussian, in counts
  std::uint16_t offset_min = 40;   // zero offsets, counts: offset_min <= offset_max <= full scale
  std::uint16_t offset_max = 160;
};

class SensorReadout {
 public:
  // Throws std::invalid_argument if a parameter is outside the ranges in ReadoutParams.
  SensorReadout(std::size_t sensel_count, ReadoutParams params, std::uint64_t seed);

  // One scan. newtons and counts must both hold sensel_count values (std::invalid_argument
  // otherwise, and for a non-finite force). Negative forces are accepted and lower the count.
  void read(std::span<const double> newtons, std::span<std::uint16_t> counts);

  // The per-sensel zero offsets, counts.
  const std::vector<std::uint16_t>& offsets() const { return offsets_; }
  const ReadoutParams& params() const { return params_; }
  // Largest count: 2^adc_bits - 1.
  std::uint16_t full_scale() const { return full_scale_; }

 private:
  ReadoutParams params_;
  std::uint16_t full_scale_;
  Rng rng_;
  std::vector<std::uint16_t> offsets_;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SENSOR_READOUT_H_
