#include "insole/run/device_record.h"

#include "insole/session/protocol_check.h"

namespace insole::run {

std::optional<analysis::Side> side_of(const insole::v1::DeviceInfo& info) {
  switch (info.side()) {
    case insole::v1::SIDE_LEFT:
      return analysis::Side::kLeft;
    case insole::v1::SIDE_RIGHT:
      return analysis::Side::kRight;
    default:
      return std::nullopt;
  }
}

store::DeviceRecord device_record(const insole::v1::DeviceInfo& info) {
  store::DeviceRecord record;
  record.serial_number = info.serial_number();
  record.side = session::side_letter(info.side());
  record.firmware_version = info.firmware_version();
  record.protocol_major = info.protocol_major();
  record.protocol_minor = info.protocol_minor();
  record.grid_id = info.grid_id();
  record.sensel_count = info.sensel_count();
  record.board = info.board();
  return record;
}

}  // namespace insole::run
