#include "simulated_matrix.h"

#include <span>
#include <utility>

namespace insole::fw::host {

SimulatedMatrix::SimulatedMatrix(hw::SenselLayout layout, hw::sim::FootParams foot,
                                 hw::sim::ReadoutParams readout, std::uint64_t seed)
    : layout_(std::move(layout)), forces_(layout_.sensels.size()) {
  foot_.emplace(layout_, foot);
  readout_.emplace(layout_.sensels.size(), readout, seed);
}

SimulatedMatrix::SimulatedMatrix(hw::SenselLayout layout, const hw::sim::Scenario& scenario,
                                 hw::sim::Foot side, hw::electrical::ElectricalParams electrical,
                                 std::uint64_t seed)
    : layout_(std::move(layout)), side_(side), forces_(layout_.sensels.size()) {
  gait_.emplace(scenario, layout_);
  chain_.emplace(electrical, layout_.sensels.size(), seed);
}

void SimulatedMatrix::scan(uint64_t t_us, uint16_t* counts) {
  const double t = static_cast<double>(t_us) * 1e-6;
  const std::span<std::uint16_t> out(counts, forces_.size());
  if (gait_) {
    gait_->sample(t, side_, forces_);
    chain_->read(t, forces_, out);
  } else {
    foot_->forces_at(t, forces_);
    readout_->read(forces_, out);
  }
}

}  // namespace insole::fw::host
