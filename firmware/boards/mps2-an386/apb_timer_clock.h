// hal::Clock from SysTick: a 1 kHz interrupt counts milliseconds and the counter's current
// value interpolates the microseconds in between (25 MHz CPU clock: 25 cycles per µs).
// The same tick wakes the core from WFI, so the main loop checks its schedule every ms.
#ifndef INSOLE_FW_BOARDS_MPS2_SYSTICK_CLOCK_H_
#define INSOLE_FW_BOARDS_MPS2_SYSTICK_CLOCK_H_

#include <stdint.h>

#include "insole/hal/clock.h"

namespace insole::fw::mps2 {

class SysTickClock final : public hal::Clock {
 public:
  static constexpr uint32_t kCpuHz = 25000000;  // QEMU mps2-an386 SYSCLK
  static constexpr uint32_t kTickHz = 1000;

  void start();
  void on_tick() { ms_ = ms_ + 1; }
  // Thread code only (not from interrupt handlers): it keeps the last value it returned.
  uint64_t now_us() const override;

 private:
  volatile uint64_t ms_ = 0;      // written only by the SysTick handler
  mutable uint64_t last_us_ = 0;  // never return less than this
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_SYSTICK_CLOCK_H_
