// hal::Clock from the CMSDK APB timer TIMER0: a free-running 32-bit down-counter at the 25 MHz
// PCLK, extended to 64 bits by a wrap count that the timer's own interrupt keeps (one wrap per
// 2^32 cycles, ~171.8 s).
//
// Why not count SysTick interrupts: QEMU raises periodic interrupts from host timers, and when
// the host deschedules QEMU the ticks that fell due meanwhile collapse into one; a clock counting
// 1 kHz ticks ran ~17% slow on a busy 2-core host (5826 ms against 7001 ms). A counter read is
// computed from QEMU's virtual clock and is exact; the wrap interrupt only has to be taken once
// every 171.8 s. SysTick stays, in main.cc, only to wake the core from WFI.
#ifndef INSOLE_FW_BOARDS_MPS2_APB_TIMER_CLOCK_H_
#define INSOLE_FW_BOARDS_MPS2_APB_TIMER_CLOCK_H_

#include <stdint.h>

#include "insole/hal/clock.h"

namespace insole::fw::mps2 {

class ApbTimerClock final : public hal::Clock {
 public:
  static constexpr uintptr_t kTimer0Base = 0x40000000;
  static constexpr unsigned kTimer0Irq = 8;
  static constexpr uint32_t kPclkHz = 25000000;  // QEMU mps2-an386 SYSCLK, also the APB clock

  // Starts the counter from its top and enables the wrap interrupt.
  void start();
  void on_wrap_irq();
  // Thread code only (not from interrupt handlers); interrupts may be masked.
  uint64_t now_us() const override { return now_ticks() / (kPclkHz / 1000000); }
  // The same clock in timer ticks (40 ns): under QEMU -icount shift=0, 40 guest instructions.
  uint64_t now_ticks() const;

 private:
  volatile uint32_t wraps_ = 0;  // written only by the wrap interrupt
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_APB_TIMER_CLOCK_H_
