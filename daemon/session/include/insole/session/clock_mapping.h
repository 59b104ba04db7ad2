// Places one insole's microsecond clock on the host's monotonic clock, drift included (pure).
//
// Each frame gives host_receive_us - device_us = offset + drift * device_us + latency, where
// the latency (USB/UART, the daemon's 20 ms read tick, scheduling) is never negative. So the
// least-latency frames trace the true mapping: the minimum of each kWindowUs of device time is
// kept, and a straight line is fitted through the last kWindows minima (least squares). Until
// kMinWindows windows exist the mapping is the smallest offset seen, drift 0; this is the
// mapping the run uses from its first kSettleFrames frames on. Crystal drift of a few tens of
// ppm (0.1 s over an hour) is followed this way; mapped times never go backwards.
// docs/algorithms.md#clock-alignment has the method and the measured L/R alignment.
#ifndef INSOLE_SESSION_CLOCK_MAPPING_H_
#define INSOLE_SESSION_CLOCK_MAPPING_H_

#include <cstddef>
#include <cstdint>
#include <deque>

namespace insole::session {

class ClockMapping {
 public:
  static constexpr std::int64_t kWindowUs = 10'000'000;
  static constexpr std::size_t kWindows = 60;  // ten minutes of minima
  static constexpr std::size_t kMinWindows = 3;
  static constexpr int kSettleFrames = 50;

  void observe(std::uint64_t device_us, std::int64_t host_us);
  bool settled() const { return frames_ >= kSettleFrames; }
  // Host µs of a device instant, at or after the last one returned.
  std::int64_t to_host(std::uint64_t device_us);
  // Host µs minus device µs at device_us under the current fit (what re-analysis stores).
  std::int64_t offset_at(std::uint64_t device_us) const;
  double drift_ppm() const { return slope_ * 1e6; }
  // The device restarted (its clock went back): start over.
  void reset();

 private:
  struct Minimum {
    double device_us;
    double offset_us;
  };
  void refit();

  std::int64_t frames_ = 0;
  std::int64_t window_start_ = -1;  // device µs / kWindowUs of the open window
  Minimum window_min_{0, 0};
  bool window_has_min_ = false;
  std::deque<Minimum> minima_;
  double intercept_ = 0;  // offset at device time 0
  double slope_ = 0;
  double min_offset_ = 0;
  bool have_any_ = false;
  std::int64_t last_out_ = 0;
  bool have_out_ = false;
};

}  // namespace insole::session

#endif  // INSOLE_SESSION_CLOCK_MAPPING_H_
