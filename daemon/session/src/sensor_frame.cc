#include "insole/session/sensor_frame.h"

#include <array>

#include "insole/wire/readings.h"

namespace insole::session {

bool to_sensor_frame(const insole::v1::Frame& frame, const insole::v1::DeviceInfo& info,
                     SensorFrame& out, std::string* error) {
  const std::size_t count = info.sensel_count();
  std::array<std::uint16_t, 128> counts{};
  const auto& packed = frame.readings();
  if (count > counts.size() ||
      !wire::unpack_readings(reinterpret_cast<const std::uint8_t*>(packed.data()), packed.size(),
                             counts.data(), count)) {
    if (error) {
      *error = "frame " + std::to_string(frame.sequence()) + " carries " +
               std::to_string(packed.size()) + " reading bytes, expected " +
               std::to_string(wire::packed_readings_size(count)) + " for " + std::to_string(count) +
               " sensels";
    }
    return false;
  }
  out.sequence = frame.sequence();
  out.device_time_us = frame.device_time_us();
  out.zeroing = (frame.flags() & 1u) != 0;
  out.counts.assign(counts.begin(), counts.begin() + static_cast<long>(count));
  out.forces_n.resize(count);
  const float scale = info.newtons_per_count();
  double total = 0;
  for (std::size_t i = 0; i < count; ++i) {
    out.forces_n[i] = static_cast<float>(counts[i]) * scale;
    total += static_cast<double>(out.forces_n[i]);
  }
  out.total_n = total;
  return true;
}

}  // namespace insole::session
