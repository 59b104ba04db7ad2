// A fitting trial run on the gait simulator: raw insole forces (zero offsets, noise) through
// the analysis and the trial accumulator, as the daemon would feed them.
#ifndef INSOLE_TESTS_UNIT_FITTING_TRIAL_SIM_H_
#define INSOLE_TESTS_UNIT_FITTING_TRIAL_SIM_H_

#include <vector>

#include "analysis/sim_fixture.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/fitting/trial_accumulator.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/sensor_readout.h"

namespace insole::fitting::testing {

struct SimTrial {
  TrialResult result;
  std::vector<analysis::Step> steps;
  double body_weight_n = 0;  // the simulator's truth
};

inline SimTrial simulate_trial(const hw::sim::Scenario& scenario, double seconds = 30,
                               TrialConfig config = {}) {
  const hw::SenselLayout hw_layout = hw::layout_for_eu_size(scenario.eu_size);
  const analysis::Layout layout = analysis::testing::to_analysis_layout(hw_layout);
  hw::sim::GaitSimulator sim(scenario, hw_layout);
  hw::sim::SensorReadout left_readout(hw_layout.sensels.size(), {}, scenario.seed * 2 + 1);
  hw::sim::SensorReadout right_readout(hw_layout.sensels.size(), {}, scenario.seed * 2 + 2);
  analysis::GaitAnalyzer analyzer(layout);
  TrialAccumulator trial(layout, layout, config);
  const std::size_t n = hw_layout.sensels.size();
  std::vector<double> left(n), right(n);
  const auto frames = static_cast<std::uint64_t>(seconds * scenario.sample_rate_hz);
  for (std::uint64_t i = 0; i < frames; ++i) {
    sim.frame(i, left, right);
    const double t = sim.frame_time_s(i);
    const auto feed = [&](analysis::Side side, const std::vector<double>& forces,
                          hw::sim::SensorReadout& readout) {
      const std::vector<float> raw = analysis::testing::read_newtons(readout, forces);
      const auto step = analyzer.push(side, t, raw);
      trial.add_frame(side, t, raw);
      if (step) trial.add_step(*step);
    };
    feed(analysis::Side::kLeft, left, left_readout);
    feed(analysis::Side::kRight, right, right_readout);
  }
  return {trial.result(), analyzer.steps(), sim.body_weight_n()};
}

}  // namespace insole::fitting::testing

#endif  // INSOLE_TESTS_UNIT_FITTING_TRIAL_SIM_H_
