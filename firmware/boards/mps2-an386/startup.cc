// Reset and exception entry for the Cortex-M4F on mps2-an386: the vector table, the reset
// handler that prepares the C++ environment (FPU, .data, .bss, static constructors) before
// board_main() (cortex-m/c_runtime.cc).
#include <stdint.h>

#include "cortex_m.h"

extern "C" {

// From mps2-an386.ld.
extern uint32_t _estack;

void Reset_Handler();  // cortex-m/c_runtime.cc
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

// An unexpected exception or interrupt: stop here, where a debugger shows the faulting state.
extern "C" void Default_Handler() {
  for (;;) {
  }
}
