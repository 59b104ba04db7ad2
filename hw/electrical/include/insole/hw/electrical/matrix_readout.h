// The insole's read-out chain, force on each sensel -> raw 12-bit ADC counts, and its inverse.
// Numbers and sources in docs/hardware.md ("Electrical chain").
//
// Chain per scan (sensel i sits at row i / columns, column i % columns of a passive matrix):
//  1. FSR cell (fsr_cell.h): force -> conductance G_i, with hysteresis, creep and temperature.
//  2. Passive matrix, zero-potential read-out: the selected row is driven at V_drive through a
//     buffer of output resistance R_row, every other row is held at 0 V, and each column is read
//     by a transimpedance amplifier whose virtual ground sits behind an effective series
//     resistance R_col (column multiplexer). Grounding the unselected rows removes the classic
//     three-sensel ghost paths; what is left is a loss that grows with the load on the same row
//     and column:  G_read = G / ((1 + R_row x sum_row G) (1 + R_col x sum_col G)).
//  3. Transimpedance + ADC: counts = offset_i(T) + G_read x counts_per_siemens + noise, rounded
//     (half away from zero) and clamped to [0, 2^adc_bits - 1]. counts_per_siemens is chosen so
//     that a nominal sensel reads 1 / newtons_per_count counts per newton at F_ref.
//  4. Temperature: the in-shoe temperature warms from ambient_c toward in_shoe_c with
//     warmup_tau_s; offsets drift by offset_tempco_counts_per_c per kelvin from 25 C.
//
// Deterministic: gains and offsets are drawn once from the seed (gain ~ 1 + gain_sd x N(0,1),
// offsets uniform), then every read() draws exactly one normal per sensel in order.
#ifndef INSOLE_HW_ELECTRICAL_MATRIX_READOUT_H_
#define INSOLE_HW_ELECTRICAL_MATRIX_READOUT_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "insole/hw/electrical/fsr_cell.h"
#include "insole/hw/sim/random.h"

namespace insole::hw::electrical {

struct ElectricalParams {
  FsrParams fsr;
  double gain_sd = 0.06;  // part-to-part spread of the sensel gain (FSR 400: +-6 %), [0, 0.3]
  std::size_t columns = 8;
  double row_ohm = 2.0;            // effective source resistance of a row driver
  double col_ohm = 2.0;            // effective series resistance left at a column's virtual ground
  double newtons_per_count = 0.1;  // nominal scale at F_ref, as reported in DeviceInfo
  int adc_bits = 12;
  double noise_counts_rms = 1.5;
  std::uint16_t offset_min = 40;
  std::uint16_t offset_max = 160;
  double offset_tempco_counts_per_c = 0.3;
  double ambient_c = 22.0;
  double in_shoe_c = 32.0;
  double warmup_tau_s = 600.0;
};

// What the device knows about one sensel after factory calibration at 25 C: its zero offset and
// its gain (the firmware's Q12 gain is round(4096 / gain)).
struct SenselCalibration {
  double offset_counts;
  double gain;
};

class MatrixReadout {
 public:
  // Throws std::invalid_argument for out-of-range parameters or zero sensels.
  MatrixReadout(const ElectricalParams& params, std::size_t sensel_count, std::uint64_t seed);

  // One scan at time t_s (non-decreasing across calls). newtons and counts hold sensel_count
  // values each (std::invalid_argument otherwise).
  void read(double t_s, std::span<const double> newtons, std::span<std::uint16_t> counts);

  // In-shoe temperature at t_s.
  double temperature_c(double t_s) const;

  const std::vector<SenselCalibration>& calibration() const { return calibration_; }
  const ElectricalParams& params() const { return params_; }
  std::uint16_t full_scale() const { return full_scale_; }
  double counts_per_siemens() const { return counts_per_siemens_; }

 private:
  ElectricalParams params_;
  std::uint16_t full_scale_;
  double counts_per_siemens_;
  sim::Rng rng_;
  std::vector<FsrCell> cells_;
  std::vector<SenselCalibration> calibration_;
  std::vector<double> g_, row_sum_, col_sum_;
  double last_t_s_ = 0;
  bool started_ = false;
};

// Static inverse for one sensel: offset-corrected counts -> newtons, undoing the gain and the FSR
// curve (ignores hysteresis, creep, crosstalk and temperature: these are the round-trip error).
// With exponent 1 this is linear: newtons = counts x newtons_per_count / gain, which is what the
// firmware's offset + Q12 gain and the daemon's newtons_per_count compute.
double counts_to_newtons(const ElectricalParams& params, const SenselCalibration& calibration,
                         double offset_corrected_counts);

}  // namespace insole::hw::electrical

#endif  // INSOLE_HW_ELECTRICAL_MATRIX_READOUT_H_
