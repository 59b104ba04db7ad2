// The Cortex-M4 core as every board sees it: the core registers the boards touch (SysTick,
// NVIC, SCB) and the few instructions that have no C spelling. Addresses from the ARMv7-M
// Architecture Reference Manual (PM0214 4.3 NVIC, 4.4 SCB, 4.5 SysTick). Board headers bring
// these into their own namespace (mps2-an386/cortex_m.h, insole-r1/stm32f411.h).
#ifndef INSOLE_FW_BOARDS_CORTEX_M_CORE_H_
#define INSOLE_FW_BOARDS_CORTEX_M_CORE_H_

#include <stdint.h>

namespace insole::fw::cortex_m {

inline volatile uint32_t& reg32(uintptr_t address) {
  return *reinterpret_cast<volatile uint32_t*>(address);
}

// SysTick.
inline constexpr uintptr_t kSysTickCsr = 0xE000E010;
inline constexpr uintptr_t kSysTickRvr = 0xE000E014;
inline constexpr uintptr_t kSysTickCvr = 0xE000E018;
inline constexpr uint32_t kSysTickEnable = 1u << 0;
inline constexpr uint32_t kSysTickTickInt = 1u << 1;
inline constexpr uint32_t kSysTickCpuClock = 1u << 2;

// System control block.
inline constexpr uintptr_t kScbCpacr = 0xE000ED88;

// NVIC: one bit per external interrupt in each 32-bit word.
inline constexpr uintptr_t kNvicIser = 0xE000E100;
inline constexpr uintptr_t kNvicIspr = 0xE000E200;

inline void nvic_enable(unsigned irq) { reg32(kNvicIser + 4 * (irq / 32)) = 1u << (irq % 32); }
inline void nvic_set_pending(unsigned irq) { reg32(kNvicIspr + 4 * (irq / 32)) = 1u << (irq % 32); }

inline void disable_irq() { __asm volatile("cpsid i" ::: "memory"); }
inline void enable_irq() { __asm volatile("cpsie i" ::: "memory"); }
inline void wait_for_interrupt() { __asm volatile("wfi" ::: "memory"); }
inline void data_sync() { __asm volatile("dsb\n\tisb" ::: "memory"); }
// Orders memory accesses between thread code and interrupt handlers on this single core.
inline void compiler_barrier() { __asm volatile("" ::: "memory"); }

}  // namespace insole::fw::cortex_m

#endif  // INSOLE_FW_BOARDS_CORTEX_M_CORE_H_
