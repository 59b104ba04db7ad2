// When the service may try a device source (a configured URI, a matched serial path, a USB
// insole) again (pure). After a session that streamed ends, the next try is soon (the device
// may come straight back); each failed try (cannot open, no answer, refused) doubles the wait up
// to a limit, so a port that is not an insole is not hammered and not logged every second.
#ifndef INSOLE_LINK_RECONNECT_SCHEDULE_H_
#define INSOLE_LINK_RECONNECT_SCHEDULE_H_

#include <algorithm>
#include <chrono>

namespace insole::link {

class ReconnectSchedule {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds kFirstWait{1000};
  static constexpr std::chrono::milliseconds kMaxWait{30000};

  bool due(Clock::time_point now) const { return now >= next_; }
  // Failed tries in a row (0 after a session that streamed).
  int failures() const { return failures_; }

  void failed(Clock::time_point now) {
    next_ = now + wait_;
    wait_ = std::min(wait_ * 2, kMaxWait);
    ++failures_;
  }
  void ended_after_streaming(Clock::time_point now) {
    wait_ = kFirstWait;
    failures_ = 0;
    next_ = now + kFirstWait;
  }

 private:
  Clock::time_point next_{};
  std::chrono::milliseconds wait_ = kFirstWait;
  int failures_ = 0;
};

}  // namespace insole::link

#endif  // INSOLE_LINK_RECONNECT_SCHEDULE_H_
