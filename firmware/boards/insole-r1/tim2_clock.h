// hal::Clock on TIM2: a 32-bit up-counter at 1 MHz (84 MHz timer clock / 84), so one count is
// one microsecond; its update interrupt counts the wraps (one per 2^32 µs, 71.6 min) that
// extend it to 64 bits. now_us() is exact and cannot lose time to a missed tick interrupt, the
// same reasoning as the emulated board's clock (docs/firmware.md, "Clock").
#ifndef INSOLE_FW_BOARDS_R1_TIM2_CLOCK_H_
#define INSOLE_FW_BOARDS_R1_TIM2_CLOCK_H_

#include <stdint.h>

#include "insole/hal/clock.h"

namespace insole::fw::r1 {

// Pure: the 64-bit time from a consistent look at the wrap count, the pending update flag and
// the counter. A pending wrap the interrupt has not counted yet (interrupts masked) is counted
// here: the counter already runs in the next period.
constexpr uint64_t extend_counter(uint32_t wraps, bool wrap_pending, uint32_t counter) {
  return (static_cast<uint64_t>(wraps + (wrap_pending ? 1u : 0u)) << 32) | counter;
}

class Tim2Clock final : public hal::Clock {
 public:
  static constexpr uint32_t kTimerHz = 84000000;  // APB1 42 MHz x 2 (RM0383 6.2)

  void start();
  void on_update_irq();
  // Thread code; interrupts may be masked.
  uint64_t now_us() const override;

 private:
  volatile uint32_t wraps_ = 0;  // written only by the update interrupt
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_TIM2_CLOCK_H_
