// hal::Clock for deterministic runs: the board's clock read once per main-loop pass (latch())
// and counted from the first pass. Every now_us() within one Device::poll() returns the same
// instant, so the times the core computes with depend only on when passes begin, never on how
// many instructions a pass took: the same times as on the host build, whose clock steps from
// one wake-up to the next. Under QEMU -icount the source is the virtual clock, so the whole
// run is deterministic.
#ifndef INSOLE_FW_BOARDS_MPS2_PASS_CLOCK_H_
#define INSOLE_FW_BOARDS_MPS2_PASS_CLOCK_H_

#include <stdint.h>

#include "insole/hal/clock.h"

namespace insole::fw::mps2 {

class PassClock final : public hal::Clock {
 public:
  explicit PassClock(const hal::Clock& source) : source_(source) {}

  // Starts a pass: reads the source. The first latch is time 0.
  void latch() {
    const uint64_t t = source_.now_us();
    if (!started_) {
      origin_ = t;
      started_ = true;
    }
    now_ = t - origin_;
  }
  uint64_t now_us() const override { return now_; }
  // The source's reading at pass time t, for waiting on the source.
  uint64_t source_time(uint64_t t) const { return origin_ + t; }

 private:
  const hal::Clock& source_;
  uint64_t origin_ = 0;
  uint64_t now_ = 0;
  bool started_ = false;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_PASS_CLOCK_H_
