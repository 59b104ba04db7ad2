#include "tim2_clock.h"

#include "stm32f411.h"

namespace insole::fw::r1 {

void Tim2Clock::start() {
  reg32(kRccApb1Enr) |= kApb1Tim2;
  reg32(kTim2 + kTimCr1) = kTimCr1Urs;
  reg32(kTim2 + kTimPsc) = kTimerHz / 1000000 - 1;
  reg32(kTim2 + kTimArr) = 0xFFFFFFFFu;
  reg32(kTim2 + kTimEgr) = kTimUif;  // load the prescaler now; URS keeps this from interrupting
  reg32(kTim2 + kTimSr) = 0;
  reg32(kTim2 + kTimDier) = kTimUif;
  nvic_enable(kIrqTim2);
  reg32(kTim2 + kTimCr1) = kTimCr1Urs | kTimCr1Cen;
}

void Tim2Clock::on_update_irq() {
  reg32(kTim2 + kTimSr) = ~kTimUif;  // rc_w0: writing 0 clears only UIF
  wraps_ = wraps_ + 1;
}

uint64_t Tim2Clock::now_us() const {
  uint32_t wraps;
  uint32_t counter;
  bool pending;
  // Retry if the interrupt ran meanwhile, or the counter wrapped between the two flag reads.
  for (;;) {
    wraps = wraps_;
    pending = (reg32(kTim2 + kTimSr) & kTimUif) != 0;
    counter = reg32(kTim2 + kTimCnt);
    const bool pending_after = (reg32(kTim2 + kTimSr) & kTimUif) != 0;
    if (wraps == wraps_ && pending == pending_after) break;
  }
  return extend_counter(wraps, pending, counter);
}

}  // namespace insole::fw::r1
