// How the host board reads a scenario's foot (insole-fw-host --scenario and insole-scans use
// the same, so a scan file holds what the host board would have scanned): the electrical chain
// with trimmed sensels, seeded per foot from the scenario's seed.
#ifndef INSOLE_FW_BOARDS_HOST_SCENARIO_READOUT_H_
#define INSOLE_FW_BOARDS_HOST_SCENARIO_READOUT_H_

#include <cstdint>

#include "insole/hw/electrical/matrix_readout.h"

namespace insole::fw::host {

// Until the core loads a per-sensel Q12 gain table, the host board simulates trimmed sensels:
// a 1 % residual gain spread instead of the raw +-6 % (docs/hardware.md).
inline hw::electrical::ElectricalParams trimmed_electrical(double newtons_per_count) {
  hw::electrical::ElectricalParams electrical;
  electrical.gain_sd = 0.01;
  electrical.newtons_per_count = newtons_per_count;
  return electrical;
}

// Each foot's chain has its own seed, derived from the scenario's.
inline std::uint64_t electrical_seed(std::uint64_t scenario_seed, bool left) {
  return scenario_seed * 2 + (left ? 101 : 102);
}

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_SCENARIO_READOUT_H_
