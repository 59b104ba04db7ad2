// The database's description of an insole, from its DeviceInfo.
#ifndef INSOLE_DAEMON_APP_DEVICE_RECORD_H_
#define INSOLE_DAEMON_APP_DEVICE_RECORD_H_

#include "insole/session/protocol_check.h"
#include "insole/store/records.h"
#include "insole/v1/device.pb.h"

namespace insole::app {

inline store::DeviceRecord device_record(const insole::v1::DeviceInfo& info) {
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

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_DEVICE_RECORD_H_
