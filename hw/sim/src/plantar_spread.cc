#include "insole/hw/sim/plantar_spread.h"

#include "insole/hw/sim/centroid_tilt.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace insole::hw::sim {
namespace {

double footprint_weight(Region region) {
  switch (region) {
    case Region::kMedialHeel:
    case Region::kLateralHeel:
      return 1.0;
    case Region::kMedialMidfoot:
      return 1.0;  // replaced per call by SpreadShape::arch_weight
    case Region::kLateralMidfoot:
      return 0.5;
    case Region::kMet1:
      return 0.9;
    case Region::kMet2:
    case Region::kMet3:
      return 1.0;
    case Region::kMet4:
      return 0.85;
    case Region::kMet5:
      return 0.7;
    case Region::kHallux:
      return 0.8;
    case Region::kLesserToes:
      return 0.35;
  }
  return 0.0;
}

}  // namespace

PlantarSpread::PlantarSpread(const SenselLayout& layout)
    : foot_length_mm_(layout.foot_length_mm), foot_width_mm_(layout.foot_width_mm) {
  if (layout.sensels.empty() || !(foot_length_mm_ > 0) || !(foot_width_mm_ > 0)) {
    throw std::invalid_argument("PlantarSpread: the layout needs sensels and a foot size");
  }
  for (const Sensel& s : layout.sensels) {
    u_.push_back(s.x_mm / foot_width_mm_);
    v_.push_back(s.y_mm / foot_length_mm_);
    log_weight_.push_back(std::log(footprint_weight(s.region)));
    arch_.push_back(s.region == Region::kMedialMidfoot ? 1 : 0);
  }
  const std::size_t n = u_.size();
  du_.resize(n);
  dv_.resize(n);
  base_.resize(n);
  w_.resize(n);
}

void PlantarSpread::spread(double total_n, CopPoint cop, const SpreadShape& shape,
                           std::span<double> newtons) const {
  const std::size_t n = u_.size();
  if (newtons.size() != n) {
    throw std::invalid_argument("PlantarSpread::spread: " + std::to_string(newtons.size()) +
                                " outputs for " + std::to_string(n) + " sensels");
  }
  if (!(total_n > 0)) {
    std::fill(newtons.begin(), newtons.end(), 0.0);
    return;
  }
  const double cu = cop.x_mm / foot_width_mm_;
  const double cv = cop.y_mm / foot_length_mm_;
  const double log_arch = std::log(std::max(shape.arch_weight, 1e-6));
  for (std::size_t i = 0; i < n; ++i) {
    du_[i] = u_[i] - cu;
    dv_[i] = v_[i] - cv;
    const double zu = du_[i] / shape.kernel_sd_u;
    const double zv = dv_[i] / shape.kernel_sd_v;
    base_[i] = log_weight_[i] + (arch_[i] ? log_arch : 0.0) - 0.5 * (zu * zu + zv * zv);
  }
  tilt_to_centroid(base_, du_, dv_, w_);
  for (std::size_t i = 0; i < n; ++i) newtons[i] = total_n * w_[i];
}

}  // namespace insole::hw::sim
