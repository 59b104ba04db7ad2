// Reset and exception entry for the STM32F411: the vector table (RM0383 10.2, table 37: 16
// system exceptions and 86 interrupts), the reset handler that prepares the C++ environment
// (FPU, .data, .bss, static constructors) before board_main() is cortex-m/c_runtime.cc.
#include <stdint.h>

#include "stm32f411.h"

extern "C" {

// From insole-r1.ld.
extern uint32_t _estack;

void Reset_Handler();  // cortex-m/c_runtime.cc
void Default_Handler();

void NMI_Handler() __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler() __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler() __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler() __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler() __attribute__((weak, alias("Default_Handler")));
void SVC_Handler() __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler() __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler() __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler() __attribute__((weak, alias("Default_Handler")));
void TIM2_IRQHandler() __attribute__((weak, alias("Default_Handler")));
void TIM3_IRQHandler() __attribute__((weak, alias("Default_Handler")));
void DMA2_Stream0_IRQHandler() __attribute__((weak, alias("Default_Handler")));
void OTG_FS_IRQHandler() __attribute__((weak, alias("Default_Handler")));

}  // extern "C"

namespace {

using insole::fw::r1::kExternalIrqs;
using insole::fw::r1::kIrqDma2Stream0;
using insole::fw::r1::kIrqOtgFs;
using insole::fw::r1::kIrqTim2;
using insole::fw::r1::kIrqTim3;
using Vector = void (*)();

// Built at compile time: every external interrupt is Default_Handler except the few used.
struct VectorTable {
  Vector entries[16 + kExternalIrqs];
};

constexpr VectorTable make_vectors() {
  VectorTable t{};
  t.entries[0] = nullptr;  // initial stack pointer: set below (an address is not constexpr)
  t.entries[1] = Reset_Handler;
  t.entries[2] = NMI_Handler;
  t.entries[3] = HardFault_Handler;
  t.entries[4] = MemManage_Handler;
  t.entries[5] = BusFault_Handler;
  t.entries[6] = UsageFault_Handler;
  t.entries[11] = SVC_Handler;
  t.entries[12] = DebugMon_Handler;
  t.entries[14] = PendSV_Handler;
  t.entries[15] = SysTick_Handler;
  for (unsigned i = 0; i < kExternalIrqs; ++i) t.entries[16 + i] = Default_Handler;
  t.entries[16 + kIrqTim2] = TIM2_IRQHandler;
  t.entries[16 + kIrqTim3] = TIM3_IRQHandler;
  t.entries[16 + kIrqDma2Stream0] = DMA2_Stream0_IRQHandler;
  t.entries[16 + kIrqOtgFs] = OTG_FS_IRQHandler;
  return t;
}

}  // namespace

// The core reads the initial stack pointer and the reset vector from the table's first words.
struct alignas(512) IsrVector {
  uint32_t* stack;
  Vector handlers[15 + kExternalIrqs];
};

namespace {

constexpr IsrVector make_isr_vector() {
  const VectorTable t = make_vectors();
  IsrVector v{&_estack, {}};
  for (unsigned i = 1; i < 16 + kExternalIrqs; ++i) v.handlers[i - 1] = t.entries[i];
  return v;
}

__attribute__((section(".isr_vector"), used)) const IsrVector g_vectors = make_isr_vector();

}  // namespace

// An unexpected exception or interrupt: stop here, where a debugger shows the faulting state.
extern "C" void Default_Handler() {
  for (;;) {
  }
}
