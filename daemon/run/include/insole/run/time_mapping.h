// Places a device's µs clock on the time axis of a run (µs since the run began), so both feet
// of a run and their steps share one clock. The run builder is given one mapping per device:
// live runs map through the host's receive times, runs read back from an insole's flash map
// through the device clock itself (nothing was received live).
#ifndef INSOLE_RUN_TIME_MAPPING_H_
#define INSOLE_RUN_TIME_MAPPING_H_

#include <cstdint>
#include <optional>

#include "insole/session/clock_mapping.h"

namespace insole::run {

class TimeMapping {
 public:
  virtual ~TimeMapping() = default;
  // The run time (µs) of a frame stamped device_time_us that the host received at received_us
  // (its steady clock, µs; nullopt for recorded data); nullopt while it cannot be known yet.
  // Called for every frame of the device, in order.
  virtual std::optional<std::int64_t> place(std::uint64_t device_time_us,
                                            std::optional<std::int64_t> received_us) = 0;
  // What re-analysis stores: run µs = device µs + offset, at device_time_us; nullopt while
  // place() still answers nullopt.
  virtual std::optional<std::int64_t> offset_us(std::uint64_t device_time_us) const = 0;
  // The device restarted (its clock went back): what was learned of its clock no longer holds.
  virtual void restart() = 0;
};

// Live: the lower envelope of receive-minus-device offsets (session::ClockMapping, drift
// included), settled after the device's first ClockMapping::kSettleFrames frames.
class HostClockMapping final : public TimeMapping {
 public:
  explicit HostClockMapping(std::int64_t run_start_host_us) : run_start_us_(run_start_host_us) {}
  std::optional<std::int64_t> place(std::uint64_t device_time_us,
                                    std::optional<std::int64_t> received_us) override;
  std::optional<std::int64_t> offset_us(std::uint64_t device_time_us) const override;
  void restart() override { clock_.reset(); }

 private:
  std::int64_t run_start_us_;
  session::ClockMapping clock_;
};

// Recorded by the insole alone: the run began at start_device_time_us of the device's clock.
class DeviceClockMapping final : public TimeMapping {
 public:
  explicit DeviceClockMapping(std::uint64_t start_device_time_us)
      : start_us_(start_device_time_us) {}
  std::optional<std::int64_t> place(std::uint64_t device_time_us,
                                    std::optional<std::int64_t> received_us) override;
  std::optional<std::int64_t> offset_us(std::uint64_t device_time_us) const override;
  void restart() override {}  // a recording ends with the boot it was made in

 private:
  std::uint64_t start_us_;
};

}  // namespace insole::run

#endif  // INSOLE_RUN_TIME_MAPPING_H_
