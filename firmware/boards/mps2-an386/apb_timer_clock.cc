#include "systick_clock.h"

#include "cortex_m.h"

namespace insole::fw::mps2 {
namespace {

constexpr uint32_t kReload = SysTickClock::kCpuHz / SysTickClock::kTickHz - 1;
constexpr uint32_t kCyclesPerUs = SysTickClock::kCpuHz / 1000000;
static_assert(kReload < (1u << 24), "SysTick is a 24-bit counter");

}  // namespace

void SysTickClock::start() {
  reg32(kSysTickRvr) = kReload;
  reg32(kSysTickCvr) = 0;  // any write clears the counter; it reloads on the next cycle
  reg32(kSysTickCsr) = kSysTickCpuClock | kSysTickTickInt | kSysTickEnable;
}

uint64_t SysTickClock::now_us() const {
  uint64_t ms;
  uint32_t counter;
  bool reloaded;
  // Retry if the handler ran meanwhile (that also makes the 64-bit read of ms_ consistent) or
  // the counter reloaded between the two looks at the pending bit.
  for (;;) {
    ms = ms_;
    reloaded = (reg32(kScbIcsr) & kIcsrPendStSet) != 0;
    counter = reg32(kSysTickCvr);
    const bool reloaded_after = (reg32(kScbIcsr) & kIcsrPendStSet) != 0;
    if (ms == ms_ && reloaded == reloaded_after) break;
  }
  // The tick is pending but not yet counted (interrupts masked, e.g. in the idle check, or the
  // handler is late): the counter already runs in the next millisecond, so count this one
  // here, or time would step back 1 ms when the handler catches up. A counter of 0 is the last
  // cycle of the old millisecond (the tick pends on reaching 0, it reloads one cycle later).
  if (reloaded && counter != 0) ++ms;
  // The counter runs down from kReload to 0 once per millisecond.
  const uint64_t us = ms * 1000u + (kReload - counter) / kCyclesPerUs;
  // A tick is lost if the handler is held off for more than a whole millisecond: the pending
  // bit cannot count two. Real firmware never masks that long, but QEMU's virtual time runs on
  // while the host deschedules it; then time stands still for < 1 ms rather than step back.
  if (us > last_us_) last_us_ = us;
  return last_us_;
}

}  // namespace insole::fw::mps2
