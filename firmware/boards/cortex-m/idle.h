// How every board's main loop sleeps: SysTick as a 1 kHz wake-up, and WFI only when nothing is
// due. The boards keep time with their own free-running timers (tim2_clock.h, apb_timer_clock.h);
// SysTick keeps none, its interrupt (an empty SysTick_Handler in each board's main.cc) only ends
// a WFI once per millisecond so the loop can check its schedule against the clock.
#ifndef INSOLE_FW_BOARDS_CORTEX_M_IDLE_H_
#define INSOLE_FW_BOARDS_CORTEX_M_IDLE_H_

#include <stdint.h>

#include "cortex_m_core.h"

namespace insole::fw::cortex_m {

// Starts SysTick interrupting every millisecond of a core running at cpu_hz.
inline void start_wakeup_tick(uint32_t cpu_hz) {
  reg32(kSysTickRvr) = cpu_hz / 1000 - 1;
  reg32(kSysTickCvr) = 0;  // any write clears the counter; it reloads on the next cycle
  reg32(kSysTickCsr) = kSysTickCpuClock | kSysTickTickInt | kSysTickEnable;
}

// Sleeps until an interrupt unless has_work() is true, and returns what it said. Interrupts are
// masked for the check so one arriving between the check and WFI still ends the WFI (it stays
// pending) instead of being slept through; the wake-up tick bounds every sleep to 1 ms.
template <typename HasWork>
inline bool sleep_unless(HasWork has_work) {
  disable_irq();
  const bool work = has_work();
  if (!work) wait_for_interrupt();
  enable_irq();
  return work;
}

}  // namespace insole::fw::cortex_m

#endif  // INSOLE_FW_BOARDS_CORTEX_M_IDLE_H_
