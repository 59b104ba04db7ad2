// Reset and exception entry for the Cortex-M4F on mps2-an386: the vector table, the reset
// handler that prepares the C++ environment (FPU, .data, .bss, static constructors) before
// board_main(), and the C++ runtime hooks a freestanding image must supply itself.
#include <stdint.h>
#include <string.h>

#include "cortex_m.h"

extern "C" {

// From mps2-an386.ld.
extern uint32_t _estack;
extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;
using InitFunction = void (*)();
extern InitFunction __preinit_array_start[], __preinit_array_end[];
extern InitFunction __init_array_start[], __init_array_end[];

// main.cc. Not main(): ISO C++ forbids calling main, and no C runtime here would.
[[noreturn]] void board_main();
void Reset_Handler();
void Default_Handler();

// Handlers main.cc defines; until then (or for unused vectors) Default_Handler.
void NMI_Handler() __attribute__((weak, alias("Default_Handler")));
void HardFault_Handler() __attribute__((weak, alias("Default_Handler")));
void MemManage_Handler() __attribute__((weak, alias("Default_Handler")));
void BusFault_Handler() __attribute__((weak, alias("Default_Handler")));
void UsageFault_Handler() __attribute__((weak, alias("Default_Handler")));
void SVC_Handler() __attribute__((weak, alias("Default_Handler")));
void DebugMon_Handler() __attribute__((weak, alias("Default_Handler")));
void PendSV_Handler() __attribute__((weak, alias("Default_Handler")));
void SysTick_Handler() __attribute__((weak, alias("Default_Handler")));
void Uart1Rx_IRQHandler() __attribute__((weak, alias("Default_Handler")));
void Uart1Tx_IRQHandler() __attribute__((weak, alias("Default_Handler")));
void Uart2Rx_IRQHandler() __attribute__((weak, alias("Default_Handler")));
void Timer0_IRQHandler() __attribute__((weak, alias("Default_Handler")));

}  // extern "C"

namespace {

using Vector = void (*)();
constexpr unsigned kExternalIrqs = 32;  // QEMU's mps2-an386 NVIC

// The core reads the initial stack pointer and the reset vector from address 0.
__attribute__((section(".isr_vector"), used)) const Vector g_vectors[16 + kExternalIrqs] = {
    reinterpret_cast<Vector>(&_estack),
    Reset_Handler,
    NMI_Handler,
    HardFault_Handler,
    MemManage_Handler,
    BusFault_Handler,
    UsageFault_Handler,
    nullptr,
    nullptr,
    nullptr,
    nullptr,
    SVC_Handler,
    DebugMon_Handler,
    nullptr,
    PendSV_Handler,
    SysTick_Handler,
    // External interrupts 0..31.
    Default_Handler,     // 0 UART0 RX (console is output only)
    Default_Handler,     // 1 UART0 TX
    Uart1Rx_IRQHandler,  // 2 UART1 RX: host link
    Uart1Tx_IRQHandler,  // 3 UART1 TX: host link
    Uart2Rx_IRQHandler,  // 4 UART2 RX: sensel injection
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Timer0_IRQHandler,  // 8 TIMER0: the clock's wrap count
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
    Default_Handler,
};

}  // namespace

extern "C" void Reset_Handler() {
  // Full access to CP10/CP11 before any floating-point instruction: the image is built with
  // -mfloat-abi=hard, so any function may use FPU registers.
  insole::fw::mps2::reg32(insole::fw::mps2::kScbCpacr) |= 0xFu << 20;
  insole::fw::mps2::data_sync();

  const size_t data_size =
      static_cast<size_t>(reinterpret_cast<char*>(&_edata) - reinterpret_cast<char*>(&_sdata));
  memcpy(&_sdata, &_sidata, data_size);
  const size_t bss_size =
      static_cast<size_t>(reinterpret_cast<char*>(&_ebss) - reinterpret_cast<char*>(&_sbss));
  memset(&_sbss, 0, bss_size);

  // Static constructors (the board's global HAL objects and the Device).
  for (InitFunction* f = __preinit_array_start; f != __preinit_array_end; ++f) (*f)();
  for (InitFunction* f = __init_array_start; f != __init_array_end; ++f) (*f)();

  board_main();
}

// An unexpected exception or interrupt: stop here, where a debugger shows the faulting state.
extern "C" void Default_Handler() {
  for (;;) {
  }
}

// Called if a pure virtual function is ever reached through a half-built object (libsupc++
// is not part of this toolchain).
extern "C" void __cxa_pure_virtual() {
  for (;;) {
  }
}
