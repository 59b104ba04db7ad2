#include "insole/session/sensor_frame.h"

#include <array>

#include "insole/wire/readings.h"

namespace insole::session {

bool unpack_sensor_frame(std::uint32_t sequence, std::uint64_t device_time_us, std::uint32_t flags,
                         const std::uint8_t* packed, std::size_t packed_size,
                         std::size_t sensel_count, float newtons_per_count, SensorFrame& out,
                         std::string* error) {
  std::array<std::uint16_t, 128> counts{};
  if (sensel_count > counts.size() ||
      !wire::unpack_readings(packed, packed_size, counts.data(), sensel_count)) {
    if (error) {
      *error = "frame " + std::to_string(sequence) + " carries " + std::to_string(packed_size) +
               " reading bytes, expected " +
               std::to_string(wire::packed_readings_size(sensel_count)) + " for " +
               std::to_string(sensel_count) + " sensels";
    }
    return false;
  }
  out.sequence = sequence;
  out.device_time_us = device_time_us;
  out.zeroing = (flags & 1u) != 0;
  out.counts.assign(counts.begin(), counts.begin() + static_cast<long>(sensel_count));
  out.forces_n.resize(sensel_count);
  double total = 0;
  for (std::size_t i = 0; i < sensel_count; ++i) {
    out.forces_n[i] = static_cast<float>(counts[i]) * newtons_per_count;
    total += static_cast<double>(out.forces_n[i]);
  }
  out.total_n = total;
  return true;
}

bool to_sensor_frame(const insole::v1::Frame& frame, const insole::v1::DeviceInfo& info,
                     SensorFrame& out, std::string* error) {
  const auto& packed = frame.readings();
  return unpack_sensor_frame(frame.sequence(), frame.device_time_us(), frame.flags(),
                             reinterpret_cast<const std::uint8_t*>(packed.data()), packed.size(),
                             info.sensel_count(), info.newtons_per_count(), out, error);
}

}  // namespace insole::session
