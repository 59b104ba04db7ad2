// Text console on UART0 (QEMU's first -serial): boot banner and state changes for people and
// test logs. Polled output; the console never carries protocol bytes.
#ifndef INSOLE_FW_BOARDS_MPS2_CONSOLE_H_
#define INSOLE_FW_BOARDS_MPS2_CONSOLE_H_

#include <stdint.h>

namespace insole::fw::mps2::console {

void start();
void print(const char* text);
void print_u32(uint32_t value);

}  // namespace insole::fw::mps2::console

#endif  // INSOLE_FW_BOARDS_MPS2_CONSOLE_H_
