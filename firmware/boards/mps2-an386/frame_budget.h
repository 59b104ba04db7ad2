// The per-frame budgets of the firmware, measured on the emulated board under QEMU
// -icount shift=0 (one guest instruction = 1 ns of virtual time, so the 25 MHz timer's
// 40 ns tick is 40 instructions):
//  - CPU: instructions of one Device::poll() that scans, zero-corrects, encodes, frames and
//    sends one 64-sensel frame, as a share of an 84 MHz core (the product's STM32F411) at
//    200 Hz. Instructions stand in for cycles (a Cortex-M4 retires most in one; flash wait
//    states and taken branches add some). Limit 10 %.
//  - UART: the largest frame the run put on the line, for two feet at 200 Hz over 921 600 Bd
//    (10 bit times per byte); at least 30 % of the line must stay free.
// report() prints one "budget: ..." line for each on the console.
#ifndef INSOLE_FW_BOARDS_MPS2_FRAME_BUDGET_H_
#define INSOLE_FW_BOARDS_MPS2_FRAME_BUDGET_H_

#include <stdint.h>

namespace insole::fw::mps2 {

class FrameBudget {
 public:
  static constexpr uint32_t kInstructionsPerTick = 40;
  static constexpr uint32_t kCoreHz = 84000000;
  static constexpr uint32_t kRateHz = 200;
  static constexpr uint32_t kCpuLimitPercent = 10;
  static constexpr uint32_t kBaud = 921600;
  static constexpr uint32_t kFeet = 2;
  static constexpr uint32_t kUartMinHeadroomPercent = 30;

  // One poll that took `ticks` timer ticks and sent `frames` frames; only polls that sent
  // exactly one frame count.
  void add_poll(uint64_t ticks, uint32_t frames);
  // Prints both lines; true when both budgets hold (and at least one frame was measured).
  bool report(uint32_t largest_frame_bytes) const;

 private:
  uint64_t ticks_ = 0;
  uint64_t max_ticks_ = 0;
  uint32_t frames_ = 0;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_FRAME_BUDGET_H_
