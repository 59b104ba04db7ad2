#include "insole/run/time_mapping.h"

namespace insole::run {

std::optional<std::int64_t> HostClockMapping::place(std::uint64_t device_time_us,
                                                    std::optional<std::int64_t> received_us) {
  if (received_us) clock_.observe(device_time_us, *received_us);
  if (!clock_.settled()) return std::nullopt;
  return clock_.to_host(device_time_us) - run_start_us_;
}

std::optional<std::int64_t> HostClockMapping::offset_us(std::uint64_t device_time_us) const {
  if (!clock_.settled()) return std::nullopt;
  return clock_.offset_at(device_time_us) - run_start_us_;
}

std::optional<std::int64_t> DeviceClockMapping::place(std::uint64_t device_time_us,
                                                      std::optional<std::int64_t>) {
  return static_cast<std::int64_t>(device_time_us) - static_cast<std::int64_t>(start_us_);
}

std::optional<std::int64_t> DeviceClockMapping::offset_us(std::uint64_t) const {
  return -static_cast<std::int64_t>(start_us_);
}

}  // namespace insole::run
