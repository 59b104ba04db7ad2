// Feeds the analysis with the simulated foot of hw/sim seen through its sensor read-out, so tests
// run the analysis on raw-count-like forces (offsets, noise, quantisation) with exact truth.
#ifndef INSOLE_TESTS_UNIT_ANALYSIS_SIM_FIXTURE_H_
#define INSOLE_TESTS_UNIT_ANALYSIS_SIM_FIXTURE_H_

#include <cstdint>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/sensor_readout.h"

namespace insole::analysis::testing {

inline Layout to_analysis_layout(const hw::SenselLayout& hw) {
  Layout layout;
  layout.name = hw.grid_id;
  layout.foot_length_mm = hw.foot_length_mm;
  layout.foot_width_mm = hw.foot_width_mm;
  // As run::to_analysis_layout: the area each pad's force stands for.
  for (const auto& s : hw.sensels) layout.sensels.push_back({s.x_mm, s.y_mm, s.load_area_mm2});
  return layout;
}

// Newtons as the daemon would see them from raw counts (offset not removed by any firmware).
inline std::vector<float> read_newtons(hw::sim::SensorReadout& readout,
                                       const std::vector<double>& newtons) {
  std::vector<std::uint16_t> counts(newtons.size());
  readout.read(newtons, counts);
  std::vector<float> out(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) {
    out[i] = static_cast<float>(counts[i] * readout.params().newtons_per_count);
  }
  return out;
}

}  // namespace insole::analysis::testing

#endif  // INSOLE_TESTS_UNIT_ANALYSIS_SIM_FIXTURE_H_
