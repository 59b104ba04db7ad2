#include "simulated_matrix.h"

#include <span>
#include <utility>

namespace insole::fw::host {

SimulatedMatrix::SimulatedMatrix(hw::SenselLayout layout, hw::sim::FootParams foot,
                                 hw::sim::ReadoutParams readout, std::uint64_t seed)
    : layout_(std::move(layout)),
      foot_(layout_, foot),
      readout_(layout_.sensels.size(), readout, seed),
      forces_(layout_.sensels.size()) {}

void SimulatedMatrix::scan(uint64_t t_us, uint16_t* counts) {
  foot_.forces_at(static_cast<double>(t_us) * 1e-6, forces_);
  readout_.read(forces_, std::span<std::uint16_t>(counts, forces_.size()));
}

}  // namespace insole::fw::host
