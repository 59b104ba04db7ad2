// A frame turned into forces: what analysis and storage consume (pure conversion).
#ifndef INSOLE_SESSION_SENSOR_FRAME_H_
#define INSOLE_SESSION_SENSOR_FRAME_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "insole/v1/device.pb.h"
#include "insole/v1/frame.pb.h"

namespace insole::session {

struct SensorFrame {
  std::uint32_t sequence = 0;
  std::uint64_t device_time_us = 0;
  bool zeroing = false;               // device was capturing zero offsets
  std::vector<std::uint16_t> counts;  // calibrated counts as sent, one per sensel (archived)
  std::vector<float> forces_n;        // counts x newtons_per_count
  double total_n = 0;
};

// Unpacks packed 12-bit readings (wire/readings.h) of sensel_count sensels scaled by
// newtons_per_count into out (no protobuf: also used for frames read back from an insole's
// flash). flags bit 0: the device was capturing zero offsets. On a size mismatch returns false
// and sets *error.
bool unpack_sensor_frame(std::uint32_t sequence, std::uint64_t device_time_us, std::uint32_t flags,
                         const std::uint8_t* packed, std::size_t packed_size,
                         std::size_t sensel_count, float newtons_per_count, SensorFrame& out,
                         std::string* error);

// Unpacks frame.readings with the DeviceInfo's sensel count and scale. On a size mismatch
// returns false and sets *error.
bool to_sensor_frame(const insole::v1::Frame& frame, const insole::v1::DeviceInfo& info,
                     SensorFrame& out, std::string* error);

}  // namespace insole::session

#endif  // INSOLE_SESSION_SENSOR_FRAME_H_
