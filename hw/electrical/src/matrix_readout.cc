#include "insole/hw/electrical/matrix_readout.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace insole::hw::electrical {
namespace {

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("insole::hw::electrical::MatrixReadout: " + what);
}

}  // namespace

MatrixReadout::MatrixReadout(const ElectricalParams& params, std::size_t sensel_count,
                             std::uint64_t seed)
    : params_(params), rng_(seed) {
  require(sensel_count > 0, "no sensels");
  require(params.adc_bits >= 8 && params.adc_bits <= 16, "adc_bits must be in [8, 16]");
  require(params.newtons_per_count > 0, "newtons_per_count must be positive");
  require(params.fsr.g_per_newton > 0, "fsr.g_per_newton must be positive");
  require(params.fsr.exponent >= 0.5 && params.fsr.exponent <= 2, "fsr.exponent in [0.5, 2]");
  require(params.fsr.hysteresis >= 0 && params.fsr.hysteresis <= 0.3, "hysteresis in [0, 0.3]");
  require(params.fsr.creep >= 0 && params.fsr.creep <= 0.2, "creep in [0, 0.2]");
  require(params.fsr.hysteresis_tau_s > 0 && params.fsr.creep_tau_s > 0, "time constants > 0");
  require(params.gain_sd >= 0 && params.gain_sd <= 0.3, "gain_sd in [0, 0.3]");
  require(params.columns > 0, "columns must be positive");
  require(params.row_ohm >= 0 && params.col_ohm >= 0, "resistances must be >= 0");
  require(params.noise_counts_rms >= 0, "noise must be >= 0");
  require(params.warmup_tau_s > 0, "warmup_tau_s must be positive");
  full_scale_ = static_cast<std::uint16_t>((1u << params.adc_bits) - 1u);
  require(params.offset_min <= params.offset_max && params.offset_max <= full_scale_,
          "offsets must satisfy offset_min <= offset_max <= full scale");
  // A nominal sensel at F_ref reads F_ref / newtons_per_count counts above its offset.
  counts_per_siemens_ = kReferenceForceN / params.newtons_per_count /
                        static_conductance(params.fsr, kReferenceForceN);
  // Gains first, then offsets, each in sensel order.
  std::vector<double> gains(sensel_count);
  for (double& g : gains) g = std::max(0.5, 1.0 + params.gain_sd * rng_.normal());
  for (std::size_t i = 0; i < sensel_count; ++i) {
    const double offset =
        static_cast<double>(rng_.uniform_int(params.offset_min, params.offset_max));
    cells_.emplace_back(params_.fsr, gains[i]);
    calibration_.push_back(SenselCalibration{offset, gains[i]});
  }
  g_.resize(sensel_count);
  row_sum_.resize((sensel_count + params.columns - 1) / params.columns);
  col_sum_.resize(params.columns);
}

double MatrixReadout::temperature_c(double t_s) const {
  const double t = t_s > 0 ? t_s : 0.0;
  return params_.in_shoe_c +
         (params_.ambient_c - params_.in_shoe_c) * std::exp(-t / params_.warmup_tau_s);
}

void MatrixReadout::read(double t_s, std::span<const double> newtons,
                         std::span<std::uint16_t> counts) {
  const std::size_t n = cells_.size();
  require(newtons.size() == n && counts.size() == n,
          "read() needs " + std::to_string(n) + " forces and counts");
  const double dt = started_ ? std::max(0.0, t_s - last_t_s_) : 0.0;
  started_ = true;
  last_t_s_ = t_s;
  const double temperature = temperature_c(t_s);
  const FsrParams& fsr = params_.fsr;
  const double hysteresis_step = 1.0 - std::exp(-dt / fsr.hysteresis_tau_s);
  const double creep_step = 1.0 - std::exp(-dt / fsr.creep_tau_s);
  const double temperature_gain =
      1.0 + fsr.gain_tempco_per_c * (temperature - kReferenceTemperatureC);
  std::fill(row_sum_.begin(), row_sum_.end(), 0.0);
  std::fill(col_sum_.begin(), col_sum_.end(), 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    require(std::isfinite(newtons[i]), "force on sensel " + std::to_string(i) + " is not finite");
    g_[i] = cells_[i].step(newtons[i], hysteresis_step, creep_step, temperature_gain);
    row_sum_[i / params_.columns] += g_[i];
    col_sum_[i % params_.columns] += g_[i];
  }
  const double offset_drift =
      params_.offset_tempco_counts_per_c * (temperature - kReferenceTemperatureC);
  for (std::size_t i = 0; i < n; ++i) {
    const double read = g_[i] / ((1.0 + params_.row_ohm * row_sum_[i / params_.columns]) *
                                 (1.0 + params_.col_ohm * col_sum_[i % params_.columns]));
    const double noise = params_.noise_counts_rms * rng_.normal();
    const double value = std::round(calibration_[i].offset_counts + offset_drift +
                                    read * counts_per_siemens_ + noise);
    counts[i] =
        static_cast<std::uint16_t>(value < 0 ? 0.0 : (value > full_scale_ ? full_scale_ : value));
  }
}

double counts_to_newtons(const ElectricalParams& params, const SenselCalibration& calibration,
                         double offset_corrected_counts) {
  if (!(offset_corrected_counts > 0)) return 0.0;
  const double counts_per_siemens = kReferenceForceN / params.newtons_per_count /
                                    static_conductance(params.fsr, kReferenceForceN);
  const double g = offset_corrected_counts / counts_per_siemens / calibration.gain;
  return static_force(params.fsr, g);
}

}  // namespace insole::hw::electrical
