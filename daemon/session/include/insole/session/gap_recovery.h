// Puts a device's frames back in order when some were lost on the way (pure; no I/O, no clock
// of its own).
//
// Live frames go in through live(). When one skips sequence numbers, the missing range is
// returned as ReadFrames requests (<= kMaxRequest frames each) for the session to send; the
// frames the device sends again go in through recovered(), and its FramesEnd through
// range_done(). pop() hands out frames strictly in sequence order: a frame waits while an older
// one may still come back, and a sequence number is given up (counted lost) once no request
// for it is outstanding: the device said it no longer has it, it does not support re-reading
// (protocol 1.0), or its request is older than give_up (tick()), or more than max_held frames
// are waiting. Nothing is ever delivered twice.
//
// Sequence numbers are 32-bit and may wrap; they are unwrapped against the newest one seen.
#ifndef INSOLE_SESSION_GAP_RECOVERY_H_
#define INSOLE_SESSION_GAP_RECOVERY_H_

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "insole/session/sensor_frame.h"

namespace insole::session {

struct HeldFrame {
  SensorFrame frame;
  std::chrono::steady_clock::time_point received;
};

class GapRecovery {
 public:
  using TimePoint = std::chrono::steady_clock::time_point;
  static constexpr std::uint32_t kMaxRequest = 1000;  // the device's read_frames limit

  struct Options {
    bool device_can_resend = true;  // protocol >= 1.1
    std::chrono::milliseconds give_up{10000};
    std::size_t max_held = 12000;  // a minute at 200 Hz
  };
  struct Request {
    std::uint32_t first;
    std::uint32_t count;
  };

  explicit GapRecovery(Options options) : options_(options) {}

  // The next sequence expected before any live frame arrives (a session resuming after a
  // reconnect); the gap up to the first live frame is then requested like any other.
  void expect(std::uint32_t next_sequence);
  // Returns the requests to send for the gap this frame reveals (none if in order or stale).
  std::vector<Request> live(HeldFrame frame, TimePoint now);
  void recovered(HeldFrame frame);
  // The device finished a request. Frames of it that did not arrive (damaged on the way) are
  // asked for once more, as the returned request; after that, what is missing is lost.
  std::optional<Request> range_done(std::uint32_t first, std::uint32_t count,
                                    std::chrono::steady_clock::time_point now);
  // Gives up requests older than give_up.
  void tick(TimePoint now);
  // The next frame in order, if it is ready.
  std::optional<HeldFrame> pop();
  // The link went down while waiting: forgets the frames held behind a gap and the requests,
  // without counting anything lost; a session resuming after the last frame popped asks the
  // device for all of them again. Returns how many were set aside.
  std::size_t set_aside();

  bool waiting() const { return !outstanding_.empty(); }
  std::uint64_t gaps() const { return gaps_; }
  std::uint64_t missed() const { return missed_; }  // did not arrive live
  std::uint64_t recovered_count() const { return recovered_; }
  std::uint64_t lost() const { return lost_; }  // given up for good
  std::uint64_t stale() const { return stale_; }
  std::size_t held() const { return held_.size(); }

 private:
  struct Outstanding {
    std::uint64_t first;
    std::uint64_t end;
    TimePoint requested;
    int attempt = 1;
  };
  static constexpr int kAttempts = 2;
  std::uint64_t unwrap(std::uint32_t sequence) const;
  bool requested(std::uint64_t s) const;

  Options options_;
  bool started_ = false;
  std::uint64_t next_ = 0;    // next to deliver
  std::uint64_t newest_ = 0;  // newest live frame seen (meaningful once started_)
  bool any_live_ = false;
  std::map<std::uint64_t, HeldFrame> held_;
  std::deque<Outstanding> outstanding_;
  std::uint64_t gaps_ = 0, missed_ = 0, recovered_ = 0, lost_ = 0, stale_ = 0;
};

}  // namespace insole::session

#endif  // INSOLE_SESSION_GAP_RECOVERY_H_
