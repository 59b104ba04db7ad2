// The STM32F411xE registers this board touches, written from RM0383 (STM32F411xC/E reference
// manual, rev. 3) and PM0214 (Cortex-M4 programming manual); the section is cited per block.
// Only what the drivers use is here: this is not a device header.
#ifndef INSOLE_FW_BOARDS_R1_STM32F411_H_
#define INSOLE_FW_BOARDS_R1_STM32F411_H_

#include <stdint.h>

#include "cortex_m_core.h"

namespace insole::fw::r1 {

// --- Cortex-M4 core: shared with every board (boards/cortex-m/cortex_m_core.h) ---
using namespace insole::fw::cortex_m;

// Interrupt numbers (RM0383 10.2, table 37).
inline constexpr unsigned kIrqAdc = 18;
inline constexpr unsigned kIrqTim2 = 28;
inline constexpr unsigned kIrqTim3 = 29;
inline constexpr unsigned kIrqDma2Stream0 = 56;
inline constexpr unsigned kIrqOtgFs = 67;
inline constexpr unsigned kExternalIrqs = 86;  // last is SPI5 = 85

// --- RCC (RM0383 6.3) ---
inline constexpr uintptr_t kRcc = 0x40023800;
inline constexpr uintptr_t kRccCr = kRcc + 0x00;
inline constexpr uintptr_t kRccPllCfgr = kRcc + 0x04;
inline constexpr uintptr_t kRccCfgr = kRcc + 0x08;
inline constexpr uintptr_t kRccAhb1Enr = kRcc + 0x30;
inline constexpr uintptr_t kRccAhb2Enr = kRcc + 0x34;
inline constexpr uintptr_t kRccApb1Enr = kRcc + 0x40;
inline constexpr uintptr_t kRccApb2Enr = kRcc + 0x44;
inline constexpr uint32_t kRccCrHseOn = 1u << 16;
inline constexpr uint32_t kRccCrHseRdy = 1u << 17;
inline constexpr uint32_t kRccCrPllOn = 1u << 24;
inline constexpr uint32_t kRccCrPllRdy = 1u << 25;
inline constexpr uint32_t kRccPllSrcHse = 1u << 22;
inline constexpr uint32_t kRccCfgrSwPll = 2u << 0;
inline constexpr uint32_t kRccCfgrSwsMask = 3u << 2;
inline constexpr uint32_t kRccCfgrSwsPll = 2u << 2;
inline constexpr uint32_t kRccCfgrPpre1Div2 = 4u << 10;  // APB1 = HCLK / 2 (42 MHz max)
inline constexpr uint32_t kAhb1GpioA = 1u << 0;
inline constexpr uint32_t kAhb1GpioB = 1u << 1;
inline constexpr uint32_t kAhb1Dma2 = 1u << 22;
inline constexpr uint32_t kAhb2OtgFs = 1u << 7;
inline constexpr uint32_t kApb1Tim2 = 1u << 0;
inline constexpr uint32_t kApb1Tim3 = 1u << 1;
inline constexpr uint32_t kApb1Spi2 = 1u << 14;
inline constexpr uint32_t kApb1Pwr = 1u << 28;
inline constexpr uint32_t kApb2Adc1 = 1u << 8;

// --- PWR (RM0383 5.4.1): regulator scale 1 (up to 100 MHz) ---
inline constexpr uintptr_t kPwrCr = 0x40007000;
inline constexpr uint32_t kPwrCrVosScale1 = 3u << 14;

// --- Flash interface (RM0383 3.8.1, table 6: 64 < HCLK <= 90 MHz at 2.7-3.6 V: 2 wait states) ---
inline constexpr uintptr_t kFlashAcr = 0x40023C00;
inline constexpr uint32_t kFlashAcrPrefetch = 1u << 8;
inline constexpr uint32_t kFlashAcrICache = 1u << 9;
inline constexpr uint32_t kFlashAcrDCache = 1u << 10;

// --- GPIO (RM0383 8.4) ---
inline constexpr uintptr_t kGpioA = 0x40020000;
inline constexpr uintptr_t kGpioB = 0x40020400;
inline constexpr uintptr_t kGpioModer = 0x00;
inline constexpr uintptr_t kGpioOspeedr = 0x08;
inline constexpr uintptr_t kGpioPupdr = 0x0C;
inline constexpr uintptr_t kGpioBsrr = 0x18;
inline constexpr uintptr_t kGpioAfrl = 0x20;
inline constexpr uintptr_t kGpioAfrh = 0x24;
enum class PinMode : uint32_t { kInput = 0, kOutput = 1, kAlternate = 2, kAnalog = 3 };

// Sets one pin's mode (and alternate function, very high speed for AF pins).
inline void gpio_configure(uintptr_t port, unsigned pin, PinMode mode, unsigned af = 0) {
  reg32(port + kGpioModer) =
      (reg32(port + kGpioModer) & ~(3u << (2 * pin))) | (static_cast<uint32_t>(mode) << (2 * pin));
  if (mode == PinMode::kAlternate) {
    const uintptr_t afr = port + (pin < 8 ? kGpioAfrl : kGpioAfrh);
    const unsigned shift = 4 * (pin % 8);
    reg32(afr) = (reg32(afr) & ~(0xFu << shift)) | (af << shift);
    reg32(port + kGpioOspeedr) |= 3u << (2 * pin);
  }
}

// --- General-purpose timers TIM2 (32 bit) and TIM3 (16 bit) (RM0383 13.4) ---
inline constexpr uintptr_t kTim2 = 0x40000000;
inline constexpr uintptr_t kTim3 = 0x40000400;
inline constexpr uintptr_t kTimCr1 = 0x00;
inline constexpr uintptr_t kTimCr2 = 0x04;
inline constexpr uintptr_t kTimDier = 0x0C;
inline constexpr uintptr_t kTimSr = 0x10;
inline constexpr uintptr_t kTimEgr = 0x14;
inline constexpr uintptr_t kTimCnt = 0x24;
inline constexpr uintptr_t kTimPsc = 0x28;
inline constexpr uintptr_t kTimArr = 0x2C;
inline constexpr uintptr_t kTimCcr1 = 0x34;
inline constexpr uint32_t kTimCr1Cen = 1u << 0;
inline constexpr uint32_t kTimCr1Urs = 1u << 2;        // only overflow raises the update interrupt
inline constexpr uint32_t kTimCr2MmsUpdate = 2u << 4;  // TRGO on update
inline constexpr uint32_t kTimUif = 1u << 0;           // SR update flag / DIER UIE / EGR UG
inline constexpr uint32_t kTimCc1if = 1u << 1;         // SR CC1 flag / DIER CC1IE

// --- ADC1 (RM0383 11.12) ---
inline constexpr uintptr_t kAdc1 = 0x40012000;
inline constexpr uintptr_t kAdcSr = kAdc1 + 0x00;
inline constexpr uintptr_t kAdcCr1 = kAdc1 + 0x04;
inline constexpr uintptr_t kAdcCr2 = kAdc1 + 0x08;
inline constexpr uintptr_t kAdcSmpr2 = kAdc1 + 0x10;
inline constexpr uintptr_t kAdcSqr1 = kAdc1 + 0x2C;
inline constexpr uintptr_t kAdcSqr2 = kAdc1 + 0x30;
inline constexpr uintptr_t kAdcSqr3 = kAdc1 + 0x34;
inline constexpr uintptr_t kAdcDr = kAdc1 + 0x4C;
inline constexpr uintptr_t kAdcCcr = 0x40012300 + 0x04;
inline constexpr uint32_t kAdcSrOvr = 1u << 5;
inline constexpr uint32_t kAdcCr1Scan = 1u << 8;
inline constexpr uint32_t kAdcCr2Adon = 1u << 0;
inline constexpr uint32_t kAdcCr2Dma = 1u << 8;
inline constexpr uint32_t kAdcCr2Dds = 1u << 9;
inline constexpr uint32_t kAdcCr2ExtselTim3Trgo = 8u << 24;
inline constexpr uint32_t kAdcCr2ExtenRising = 1u << 28;
inline constexpr uint32_t kAdcCcrAdcpreDiv4 = 1u << 16;  // 84 MHz PCLK2 / 4 = 21 MHz ADCCLK
inline constexpr uint32_t kAdcSample56Cycles = 3;

// --- DMA2 (RM0383 9.5); ADC1 is stream 0, channel 0 (table 28) ---
inline constexpr uintptr_t kDma2 = 0x40026400;
inline constexpr uintptr_t kDma2Lisr = kDma2 + 0x00;
inline constexpr uintptr_t kDma2Lifcr = kDma2 + 0x08;
inline constexpr uintptr_t kDma2S0Cr = kDma2 + 0x10;
inline constexpr uintptr_t kDma2S0Ndtr = kDma2 + 0x14;
inline constexpr uintptr_t kDma2S0Par = kDma2 + 0x18;
inline constexpr uintptr_t kDma2S0M0ar = kDma2 + 0x1C;
inline constexpr uint32_t kDmaS0Flags = 0x3Du;  // FEIF0, DMEIF0, TEIF0, HTIF0, TCIF0
inline constexpr uint32_t kDmaS0Teif = 1u << 3;
inline constexpr uint32_t kDmaCrEn = 1u << 0;
inline constexpr uint32_t kDmaCrTeie = 1u << 2;
inline constexpr uint32_t kDmaCrCirc = 1u << 8;
inline constexpr uint32_t kDmaCrMinc = 1u << 10;
inline constexpr uint32_t kDmaCrPsize16 = 1u << 11;
inline constexpr uint32_t kDmaCrMsize16 = 1u << 13;
inline constexpr uint32_t kDmaCrPlHigh = 2u << 16;

// --- SPI2 (RM0383 20.5) ---
inline constexpr uintptr_t kSpi2 = 0x40003800;
inline constexpr uintptr_t kSpiCr1 = kSpi2 + 0x00;
inline constexpr uintptr_t kSpiSr = kSpi2 + 0x08;
inline constexpr uintptr_t kSpiDr = kSpi2 + 0x0C;
inline constexpr uint32_t kSpiCr1Mstr = 1u << 2;
inline constexpr uint32_t kSpiCr1BrDiv2 = 0u << 3;  // 42 MHz PCLK1 / 2 = 21 MHz SCK
inline constexpr uint32_t kSpiCr1Spe = 1u << 6;
inline constexpr uint32_t kSpiCr1Ssi = 1u << 8;
inline constexpr uint32_t kSpiCr1Ssm = 1u << 9;
inline constexpr uint32_t kSpiSrRxne = 1u << 0;
inline constexpr uint32_t kSpiSrTxe = 1u << 1;
inline constexpr uint32_t kSpiSrBsy = 1u << 7;

// --- Device electronic signature: 96-bit unique ID (RM0383 24.2) ---
inline constexpr uintptr_t kUniqueId = 0x1FFF7A10;

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_STM32F411_H_
