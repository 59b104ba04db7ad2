// insole-fw-r1: the insole firmware core on the product board (STM32F411CEU6, docs/board.md).
//
//   PLL    84 MHz SYSCLK and 48 MHz for USB from the 25 MHz crystal (clock_tree.h)
//   TIM2   the µs clock (tim2_clock.h)
//   TIM3   paces the matrix scan; ADC1 + DMA2 Stream0 read it (adc_matrix.h)
//   OTG_FS the host link: vendor interface, bulk IN 0x81 / OUT 0x01 (otg_fs.h)
//   SPI2   the W25Q512JV recording flash (w25q_flash.h)
//   SysTick 1 kHz: only the wake-up that bounds each WFI sleep
//
// Interrupt handlers move packets and select rows; all protocol work happens in the main loop,
// in the same insole::fw::Device every board runs.
#include <stdint.h>

#include "adc_matrix.h"
#include "clock_tree.h"
#include "idle.h"
#include "insole/fw/device.h"
#include "insole/hal/board_identity.h"
#include "otg_fs.h"
#include "spi2_bus.h"
#include "stm32f411.h"
#include "tim2_clock.h"
#include "w25q_flash.h"

#ifndef INSOLE_R1_SIDE_RIGHT
#define INSOLE_R1_SIDE_RIGHT 0
#endif

namespace {

using namespace insole::fw::r1;

constexpr bool kRight = INSOLE_R1_SIDE_RIGHT != 0;
// Front-end gain: 409.5 N full scale over 4095 counts (docs/board.md "Sensor and matrix").
constexpr float kNewtonsPerCount = 0.1f;

static_assert(1 + insole::wire::encoded_size_max(insole_v1_DeviceMessage_size) <=
                  usb::BulkInPacketiser::kCapacity,
              "the bulk IN queue must hold the largest framed DeviceMessage");

// "R1-" and the 96-bit unique id folded to 32 bits (FNV-1a) in hex: unique per chip in practice,
// short enough to type in usb:1209:0001/R1-1A2B3C4D.
char g_serial[3 + 8 + 1] = "R1-";

void make_serial() {
  uint32_t hash = 2166136261u;
  for (unsigned i = 0; i < 12; ++i) {
    hash ^= *reinterpret_cast<const volatile uint8_t*>(kUniqueId + i);
    hash *= 16777619u;
  }
  constexpr char kHex[] = "0123456789ABCDEF";
  for (unsigned i = 0; i < 8; ++i) g_serial[3 + i] = kHex[(hash >> (28 - 4 * i)) & 0xFu];
  g_serial[11] = '\0';
}

const insole::hal::BoardIdentity kIdentity{
    "insole-r1",      g_serial,
    "eu42-r1",        kRight ? insole::hal::Side::kRight : insole::hal::Side::kLeft,
    kNewtonsPerCount, 0};
const usb::Strings kUsbStrings{"insole project", kRight ? "Insole (right)" : "Insole (left)",
                               g_serial};

Tim2Clock g_clock;
AdcMatrix g_matrix(g_clock);
Spi2Bus g_spi;
W25qFlash g_flash(g_spi, g_clock);
usb::OtgFsDevice g_usb(kUsbStrings);
insole::fw::Device g_device(kIdentity, g_matrix, g_usb.link(), g_clock, &g_flash);

// The scan follows the host's set_rate; a host that goes away (deconfigured, bus reset or
// suspended) turns a streamed session into an offline recording.
void follow_device() {
  static bool host_present = false;
  if (g_device.sample_rate_hz() != g_matrix.rate_hz()) g_matrix.set_rate(g_device.sample_rate_hz());
  const bool present = g_usb.link().configured() && !g_usb.suspended();
  if (host_present && !present) g_device.host_disconnected();
  host_present = present;
}

// Sleeps until an interrupt when nothing is due (idle.h).
void idle() {
  sleep_unless(
      [] { return g_usb.link().rx_pending() || g_clock.now_us() >= g_device.next_wakeup_us(); });
}

}  // namespace

extern "C" void SysTick_Handler() {}  // the wake-up alone is its purpose
extern "C" void TIM2_IRQHandler() { g_clock.on_update_irq(); }
extern "C" void TIM3_IRQHandler() { g_matrix.on_tim3_irq(); }
extern "C" void DMA2_Stream0_IRQHandler() { g_matrix.on_dma_irq(); }
extern "C" void OTG_FS_IRQHandler() { g_usb.on_irq(); }

extern "C" [[noreturn]] void board_main() {
  // Without the crystal there is no exact 48 MHz for USB: stay on the HSI, unable to
  // enumerate, rather than run a USB clock out of tolerance. A debugger finds it here.
  if (!start_clock_tree()) {
    for (;;) wait_for_interrupt();
  }
  make_serial();
  g_clock.start();
  start_wakeup_tick(kSysclkHz);
  g_spi.start();
  g_flash.probe();  // not found: every Flash call returns false, the core records nothing
  g_matrix.start(g_device.sample_rate_hz());
  g_usb.start();

  g_device.boot();
  for (;;) {
    g_device.poll();
    follow_device();
    idle();
  }
}
