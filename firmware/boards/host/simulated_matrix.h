// hal::SenselMatrix for the host build: a simulated foot (hw/sim) seen through the sensor
// read-out model, so the core receives raw ADC counts with offsets and noise, as on hardware.
#ifndef INSOLE_FW_BOARDS_HOST_SIMULATED_MATRIX_H_
#define INSOLE_FW_BOARDS_HOST_SIMULATED_MATRIX_H_

#include <cstdint>
#include <vector>

#include "insole/hal/sensel_matrix.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/hw/sim/simple_foot.h"

namespace insole::fw::host {

class SimulatedMatrix final : public hal::SenselMatrix {
 public:
  SimulatedMatrix(hw::SenselLayout layout, hw::sim::FootParams foot, hw::sim::ReadoutParams readout,
                  std::uint64_t seed);

  size_t sensel_count() const override { return layout_.sensels.size(); }
  void scan(uint64_t t_us, uint16_t* counts) override;

 private:
  hw::SenselLayout layout_;
  hw::sim::SimpleFoot foot_;
  hw::sim::SensorReadout readout_;
  std::vector<double> forces_;
};

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_SIMULATED_MATRIX_H_
