// The DeviceInfo of a simulated left insole (64 sensels, grid eu42-r1, 0.1 N/count), for tests
// that feed a RunBuilder directly without a device behind it.
#ifndef INSOLE_TESTS_SUPPORT_TEST_INSOLE_INFO_H_
#define INSOLE_TESTS_SUPPORT_TEST_INSOLE_INFO_H_

#include "insole/v1/device.pb.h"

namespace insole::testing {

inline insole::v1::DeviceInfo left_insole_info() {
  insole::v1::DeviceInfo info;
  info.set_serial_number("SIM-L-0001");
  info.set_side(insole::v1::SIDE_LEFT);
  info.set_grid_id("eu42-r1");
  info.set_sensel_count(64);
  info.set_newtons_per_count(0.1f);
  info.set_protocol_major(1);
  info.set_firmware_version("test");
  return info;
}

}  // namespace insole::testing

#endif  // INSOLE_TESTS_SUPPORT_TEST_INSOLE_INFO_H_
