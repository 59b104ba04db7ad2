// HAL: what a board tells the core about itself, reported in DeviceInfo.
#ifndef INSOLE_HAL_BOARD_IDENTITY_H_
#define INSOLE_HAL_BOARD_IDENTITY_H_

#include <stdint.h>

namespace insole::hal {

enum class Side : uint8_t { kLeft = 1, kRight = 2 };  // values equal insole.v1.Side

struct BoardIdentity {
  const char* board;          // "host", "mps2-an386", "insole-r1"
  const char* serial_number;  // unique per insole
  const char* grid_id;        // sensel geometry id from hw/
  Side side;
  float newtons_per_count;  // force of one calibrated count (front-end gain)
  uint16_t battery_mv;      // 0 when the board has no gauge
};

}  // namespace insole::hal

#endif  // INSOLE_HAL_BOARD_IDENTITY_H_
