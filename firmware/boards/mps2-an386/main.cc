// insole-fw-mps2: the insole firmware core on QEMU's mps2-an386 (Cortex-M4F).
//
//   UART0  text console: banner and streaming state changes
//   UART1  host link: framed protobuf, exactly as on the product's USB link
//   UART2  sensel injection from a simulator (Channel::kSenselInjection)
//   TIMER0 the µs clock: a free-running counter (apb_timer_clock.h says why not SysTick)
//   SysTick 1 kHz: only the wake-up that lets the core sleep in WFI
//
// The interrupt handlers only move bytes and count timer wraps; all protocol work happens in
// the main loop, in the same insole::fw::Device every board runs.
#include <stdint.h>

#include "apb_timer_clock.h"
#include "console.h"
#include "cortex_m.h"
#include "injected_matrix.h"
#include "insole/fw/device.h"
#include "insole/hal/board_identity.h"
#include "uart_link.h"

namespace {

using namespace insole::fw::mps2;

static_assert(1 + insole::wire::encoded_size_max(insole_v1_DeviceMessage_size) <= UartLink::kTxRing,
              "the TX ring must hold the largest framed DeviceMessage");

constexpr insole::hal::BoardIdentity kIdentity{
    "mps2-an386", "QEMU-L-0001", "eu42-r1", insole::hal::Side::kLeft, 0.1f, 0};

ApbTimerClock g_clock;
UartLink g_link(kUart1Base, kUart1RxIrq, kUart1TxIrq);
InjectedMatrix g_matrix(kUart2Base, kUart2RxIrq);
insole::fw::Device g_device(kIdentity, g_matrix, g_link, g_clock);

constexpr uint32_t kCpuHz = 25000000;  // QEMU mps2-an386 SYSCLK, which SysTick counts

// SysTick keeps no time here; its interrupt only ends WFI once per millisecond so the main loop
// can check its schedule against the clock.
void start_wakeup_tick() {
  reg32(kSysTickRvr) = kCpuHz / 1000 - 1;
  reg32(kSysTickCvr) = 0;  // any write clears the counter; it reloads on the next cycle
  reg32(kSysTickCsr) = kSysTickCpuClock | kSysTickTickInt | kSysTickEnable;
}

// The streaming time printed at the stop is on the board's clock, so a test can compare it with
// the host's clock.
void report_streaming_change() {
  static bool was_streaming = false;
  static uint64_t started_us = 0;
  if (g_device.streaming() == was_streaming) return;
  was_streaming = g_device.streaming();
  if (was_streaming) {
    started_us = g_clock.now_us();
    console::print("streaming at ");
    console::print_u32(g_device.sample_rate_hz());
    console::print(" Hz\n");
  } else {
    console::print("stopped after ");
    console::print_u32(static_cast<uint32_t>((g_clock.now_us() - started_us) / 1000u));
    console::print(" ms: ");
    console::print_u32(g_device.frames_sent());
    console::print(" frames sent, ");
    console::print_u32(g_matrix.injected_scans());
    console::print(" scans injected, ");
    console::print_u32(g_matrix.rejected_frames());
    console::print(" injection frames rejected, ");
    console::print_u32(g_link.rx_dropped() + g_matrix.rx_dropped());
    console::print(" rx bytes dropped\n");
  }
}

// Sleeps until an interrupt when nothing is due. Interrupts are masked for the check so one
// arriving between the check and WFI still ends the WFI (it stays pending) instead of being
// slept through; the SysTick wake-up bounds every sleep to 1 ms.
void idle() {
  disable_irq();
  const bool work =
      g_link.rx_pending() || g_matrix.rx_pending() || g_clock.now_us() >= g_device.next_wakeup_us();
  if (!work) wait_for_interrupt();
  enable_irq();
}

}  // namespace

extern "C" void SysTick_Handler() {}  // the wake-up alone is its purpose
extern "C" void Timer0_IRQHandler() { g_clock.on_wrap_irq(); }
extern "C" void Uart1Rx_IRQHandler() { g_link.on_rx_irq(); }
extern "C" void Uart1Tx_IRQHandler() { g_link.on_tx_irq(); }
extern "C" void Uart2Rx_IRQHandler() { g_matrix.on_rx_irq(); }

extern "C" [[noreturn]] void board_main() {
  console::start();
  g_clock.start();
  start_wakeup_tick();
  g_link.start();
  g_matrix.start();
  console::print("insole-fw-mps2 ready: ");
  console::print(kIdentity.serial_number);
  console::print(", ");
  console::print(kIdentity.grid_id);
  console::print(", host link on UART1, sensel injection on UART2\n");

  g_device.boot();
  for (;;) {
    g_matrix.service();
    g_device.poll();
    report_streaming_change();
    idle();
  }
}
