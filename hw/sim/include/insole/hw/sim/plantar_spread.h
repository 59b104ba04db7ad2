// Spreads a total vertical force over the sensels of a layout so that the force-weighted centroid
// of the sensel positions is a given centre of pressure (CoP).
//
// Weights: a static footprint per region (how readily each region takes load in a shod foot;
// heel pad, central metatarsal heads 1.0, met1 0.9, met4 0.85, hallux 0.8, met5 0.7, lateral
// midfoot band 0.5, lesser toes 0.35, medial arch `arch_weight`; shaped after in-shoe running
// pressure maps, Hennig & Milani 1995, J Appl Biomech 11:299) times a Gaussian kernel around the
// CoP (sd kernel_sd_u x W across, kernel_sd_v x L along), then exponentially tilted,
// w_i exp(lambda . d_i), with lambda found by Newton's method on the convex log-partition so that
// the weighted centroid is exactly the CoP (to ~1e-9 mm) when the CoP lies inside the convex hull
// of the pads. Forces are non-negative and sum to the total (to rounding).
//
// Pure, deterministic; not thread-safe (reuses scratch buffers). Cost about 3-6 us per call for 64
// sensels.
#ifndef INSOLE_HW_SIM_PLANTAR_SPREAD_H_
#define INSOLE_HW_SIM_PLANTAR_SPREAD_H_

#include <span>
#include <vector>

#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/cop_path.h"

namespace insole::hw::sim {

struct SpreadShape {
  double kernel_sd_u = 0.30;  // fraction of foot width
  double kernel_sd_v = 0.14;  // fraction of foot length
  double arch_weight = 0.15;  // footprint weight of the medial midfoot (higher: flatter arch)
};

class PlantarSpread {
 public:
  // Throws std::invalid_argument for a layout without sensels or foot size.
  explicit PlantarSpread(const SenselLayout& layout);

  // newtons.size() must equal the sensel count (std::invalid_argument otherwise). total_n <= 0
  // gives all zeros.
  void spread(double total_n, CopPoint cop, const SpreadShape& shape,
              std::span<double> newtons) const;

  std::size_t sensel_count() const { return u_.size(); }

 private:
  double foot_length_mm_;
  double foot_width_mm_;
  std::vector<double> u_, v_;        // pad centres / W, / L
  std::vector<double> log_weight_;   // log footprint weight (arch pads: 0, added per call)
  std::vector<unsigned char> arch_;  // 1 for medial-midfoot pads
  mutable std::vector<double> du_, dv_, base_, w_;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_PLANTAR_SPREAD_H_
