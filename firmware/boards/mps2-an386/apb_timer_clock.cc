#include "apb_timer_clock.h"

#include "cortex_m.h"

namespace insole::fw::mps2 {
namespace {

// CMSDK APB timer registers (Cortex-M System Design Kit TRM, ARM DDI 0479).
struct CmsdkTimer {
  volatile uint32_t ctrl;
  volatile uint32_t value;
  volatile uint32_t reload;
  volatile uint32_t intstatus;  // read: wrap pending; write 1: clear (INTCLEAR)
};
constexpr uint32_t kCtrlEnable = 1u << 0;
constexpr uint32_t kCtrlIrqEnable = 1u << 3;
constexpr uint32_t kIntWrap = 1u << 0;
// Counts from kTop down to 0, holds 0 for one cycle, reloads: one wrap per 2^32 cycles.
constexpr uint32_t kTop = 0xFFFFFFFFu;

CmsdkTimer& timer0() { return *reinterpret_cast<CmsdkTimer*>(ApbTimerClock::kTimer0Base); }

}  // namespace

void ApbTimerClock::start() {
  CmsdkTimer& t = timer0();
  t.ctrl = 0;
  t.reload = kTop;
  t.value = kTop;
  t.intstatus = kIntWrap;
  t.ctrl = kCtrlEnable | kCtrlIrqEnable;
  nvic_enable(kTimer0Irq);
}

void ApbTimerClock::on_wrap_irq() {
  CmsdkTimer& t = timer0();
  t.intstatus = kIntWrap;
  // The interrupt comes as the counter reaches 0, which it holds for one more cycle before it
  // reloads. Wait that out, so that thread code reading 0 always sees the end of a period not
  // yet counted, never one already counted here.
  while (t.value == 0) {
  }
  wraps_ = wraps_ + 1;
}

uint64_t ApbTimerClock::now_ticks() const {
  CmsdkTimer& t = timer0();
  uint32_t wraps;
  uint32_t value;
  bool pending;
  // Retry if the wrap interrupt ran meanwhile (wraps_ changed) or the counter wrapped between
  // the two looks at the pending bit (then value may be from either side of the wrap).
  for (;;) {
    wraps = wraps_;
    pending = (t.intstatus & kIntWrap) != 0;
    value = t.value;
    const bool pending_after = (t.intstatus & kIntWrap) != 0;
    if (wraps == wraps_ && pending == pending_after) break;
  }
  // A wrap pending but not yet counted (interrupts masked, e.g. in the idle check, or the
  // handler not yet run): the counter already runs in the next period, so count it here. A
  // value of 0 is the last cycle of the old period.
  if (pending && value != 0) ++wraps;
  return (static_cast<uint64_t>(wraps) << 32) | (kTop - value);
}

}  // namespace insole::fw::mps2
