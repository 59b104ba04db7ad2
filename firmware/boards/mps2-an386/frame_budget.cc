#include "frame_budget.h"

#include "console.h"

namespace insole::fw::mps2 {
namespace {

// value / 100 with two decimals.
void print_hundredths(uint32_t value) {
  console::print_u32(value / 100);
  console::print(value % 100 < 10 ? ".0" : ".");
  console::print_u32(value % 100);
}

}  // namespace

void FrameBudget::add_poll(uint64_t ticks, uint32_t frames) {
  if (frames != 1) return;
  ticks_ += ticks;
  if (ticks > max_ticks_) max_ticks_ = ticks;
  ++frames_;
}

bool FrameBudget::report(uint32_t largest_frame_bytes) const {
  if (frames_ == 0) {
    console::print("budget: no frame measured\n");
    return false;
  }
  const uint64_t mean = ticks_ * kInstructionsPerTick / frames_;
  const uint64_t cpu_hundredths = mean * kRateHz * 10000 / kCoreHz;
  console::print("budget: scan+encode ");
  console::print_u32(static_cast<uint32_t>(mean));
  console::print(" instructions per frame (mean of ");
  console::print_u32(frames_);
  console::print(" frames, max ");
  console::print_u32(static_cast<uint32_t>(max_ticks_ * kInstructionsPerTick));
  console::print(") = ");
  print_hundredths(static_cast<uint32_t>(cpu_hundredths));
  console::print("% of an 84 MHz core at 200 Hz (limit ");
  console::print_u32(kCpuLimitPercent);
  console::print("%)\n");

  const uint32_t line_bytes_per_s = kBaud / 10;
  const uint32_t need = kFeet * kRateHz * largest_frame_bytes;
  const uint32_t used_hundredths =
      static_cast<uint32_t>(static_cast<uint64_t>(need) * 10000 / line_bytes_per_s);
  const uint32_t headroom = used_hundredths >= 10000 ? 0 : 10000 - used_hundredths;
  console::print("budget: UART ");
  console::print_u32(largest_frame_bytes);
  console::print(" B per frame, two feet at 200 Hz = ");
  console::print_u32(need);
  console::print(" B/s of ");
  console::print_u32(line_bytes_per_s);
  console::print(" B/s at 921600 Bd: ");
  print_hundredths(headroom);
  console::print("% headroom (target >= ");
  console::print_u32(kUartMinHeadroomPercent);
  console::print("%)\n");

  const bool cpu_ok = cpu_hundredths <= kCpuLimitPercent * 100u;
  const bool uart_ok = headroom >= kUartMinHeadroomPercent * 100u;
  if (!cpu_ok) console::print("budget: scan+encode is over its limit\n");
  if (!uart_ok) console::print("budget: UART headroom is below its target\n");
  return cpu_ok && uart_ok;
}

}  // namespace insole::fw::mps2
