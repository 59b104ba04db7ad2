// An insole's DeviceInfo as the run pipeline uses it: its side and its database row.
#ifndef INSOLE_RUN_DEVICE_RECORD_H_
#define INSOLE_RUN_DEVICE_RECORD_H_

#include <optional>

#include "insole/analysis/step.h"
#include "insole/store/records.h"
#include "insole/v1/device.pb.h"

namespace insole::run {

// nullopt for a device that says no side (refused at the handshake: protocol_check.h).
std::optional<analysis::Side> side_of(const insole::v1::DeviceInfo& info);

store::DeviceRecord device_record(const insole::v1::DeviceInfo& info);

}  // namespace insole::run

#endif  // INSOLE_RUN_DEVICE_RECORD_H_
