// What runs between reset and board_main() on every Cortex-M4F board, and the C++ runtime hooks
// a freestanding image must supply itself. Each board's startup.cc holds its vector table
// (pointing at Reset_Handler here) and Default_Handler, which its weak handler aliases need in
// the same file; its linker script provides the symbols used here.
#include <stdint.h>
#include <string.h>

#include "cortex_m_core.h"

extern "C" {

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss;
using InitFunction = void (*)();
extern InitFunction __preinit_array_start[], __preinit_array_end[];
extern InitFunction __init_array_start[], __init_array_end[];

// The board's main.cc. Not main(): ISO C++ forbids calling main, and no C runtime here would.
[[noreturn]] void board_main();

void Reset_Handler() {
  namespace core = insole::fw::cortex_m;
  // Full access to CP10/CP11 before any floating-point instruction: images are built with
  // -mfloat-abi=hard, so any function may use FPU registers.
  core::reg32(core::kScbCpacr) |= 0xFu << 20;
  core::data_sync();

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

// A pure virtual call through a half-built object (libsupc++ is not part of this toolchain).
void __cxa_pure_virtual() {
  for (;;) {
  }
}

}  // extern "C"
