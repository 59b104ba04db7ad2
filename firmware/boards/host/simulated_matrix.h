// hal::SenselMatrix for the host build: a simulated foot seen through a sensor model, so the core
// receives raw ADC counts with offsets and noise, as on hardware. Two sources:
//  - a SimpleFoot through the linear SensorReadout (the original flags: --mass, --cadence, ...);
//  - one foot of a GaitSimulator scenario through the electrical chain (hw/electrical:
//    FSR curve, hysteresis, creep, passive-matrix crosstalk, temperature, 12-bit ADC).
#ifndef INSOLE_FW_BOARDS_HOST_SIMULATED_MATRIX_H_
#define INSOLE_FW_BOARDS_HOST_SIMULATED_MATRIX_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "insole/hal/sensel_matrix.h"
#include "insole/hw/electrical/matrix_readout.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/hw/sim/simple_foot.h"

namespace insole::fw::host {

class SimulatedMatrix final : public hal::SenselMatrix {
 public:
  // Simple foot, linear read-out.
  SimulatedMatrix(hw::SenselLayout layout, hw::sim::FootParams foot, hw::sim::ReadoutParams readout,
                  std::uint64_t seed);
  // One foot of a scenario, electrical chain seeded with `seed`.
  SimulatedMatrix(hw::SenselLayout layout, const hw::sim::Scenario& scenario, hw::sim::Foot side,
                  hw::electrical::ElectricalParams electrical, std::uint64_t seed);

  size_t sensel_count() const override { return layout_.sensels.size(); }
  void scan(uint64_t t_us, uint16_t* counts) override;

 private:
  hw::SenselLayout layout_;
  std::optional<hw::sim::SimpleFoot> foot_;
  std::optional<hw::sim::SensorReadout> readout_;
  std::optional<hw::sim::GaitSimulator> gait_;
  std::optional<hw::electrical::MatrixReadout> chain_;
  hw::sim::Foot side_ = hw::sim::Foot::kLeft;
  std::vector<double> forces_;
};

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_SIMULATED_MATRIX_H_
