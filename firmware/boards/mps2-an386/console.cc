#include "console.h"

#include "cmsdk_uart.h"

namespace insole::fw::mps2::console {

void start() { cmsdk_uart_enable(cmsdk_uart(kUart0Base), kCtrlTxEnable); }

void print(const char* text) {
  for (; *text != '\0'; ++text) {
    if (*text == '\n') cmsdk_uart_put_polled(cmsdk_uart(kUart0Base), '\r');
    cmsdk_uart_put_polled(cmsdk_uart(kUart0Base), static_cast<uint8_t>(*text));
  }
}

void print_u32(uint32_t value) {
  char digits[11];
  char* p = digits + sizeof(digits);
  *--p = '\0';
  do {
    *--p = static_cast<char>('0' + value % 10);
    value /= 10;
  } while (value != 0);
  print(p);
}

}  // namespace insole::fw::mps2::console
