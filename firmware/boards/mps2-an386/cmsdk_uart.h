// ARM CMSDK APB UART (the UARTs of the MPS2 FPGA images, as QEMU emulates them): register map
// and the interrupt-side byte moves. No FIFO: one byte each way, so every received byte costs
// an interrupt and every transmitted byte frees the transmitter for the next.
#ifndef INSOLE_FW_BOARDS_MPS2_CMSDK_UART_H_
#define INSOLE_FW_BOARDS_MPS2_CMSDK_UART_H_

#include <stdint.h>

#include "byte_ring.h"

namespace insole::fw::mps2 {

struct CmsdkUart {
  volatile uint32_t data;
  volatile uint32_t state;
  volatile uint32_t ctrl;
  volatile uint32_t intstatus;  // write 1 to clear
  volatile uint32_t bauddiv;
};

inline constexpr uintptr_t kUart0Base = 0x40004000;  // console
inline constexpr uintptr_t kUart1Base = 0x40005000;  // host link
inline constexpr uintptr_t kUart2Base = 0x40006000;  // sensel injection
// mps2-an386 interrupt numbers: RX = 2 * n, TX = 2 * n + 1 for UART n.
inline constexpr unsigned kUart1RxIrq = 2;
inline constexpr unsigned kUart1TxIrq = 3;
inline constexpr unsigned kUart2RxIrq = 4;

inline constexpr uint32_t kStateTxFull = 1u << 0;
inline constexpr uint32_t kStateRxFull = 1u << 1;
inline constexpr uint32_t kCtrlTxEnable = 1u << 0;
inline constexpr uint32_t kCtrlRxEnable = 1u << 1;
inline constexpr uint32_t kCtrlTxInt = 1u << 2;
inline constexpr uint32_t kCtrlRxInt = 1u << 3;
inline constexpr uint32_t kIntTx = 1u << 0;
inline constexpr uint32_t kIntRx = 1u << 1;

inline CmsdkUart& cmsdk_uart(uintptr_t base) { return *reinterpret_cast<CmsdkUart*>(base); }

// 25 MHz / 217 = 115200 Bd. QEMU ignores the rate but treats a divider below 16 as invalid.
inline void cmsdk_uart_enable(CmsdkUart& uart, uint32_t ctrl) {
  uart.bauddiv = 217;
  uart.ctrl = ctrl;
}

inline void cmsdk_uart_put_polled(CmsdkUart& uart, uint8_t byte) {
  while (uart.state & kStateTxFull) {
  }
  uart.data = byte;
}

// RX interrupt: moves the received byte(s) into ring; counts bytes the full ring had to drop.
template <uint32_t N>
void cmsdk_uart_on_rx(CmsdkUart& uart, cortex_m::ByteRing<N>& ring, volatile uint32_t& dropped) {
  // Clear first: reading DATA lets the next byte in at once, with its own RX interrupt; a clear
  // after the read could wipe that interrupt and leave RX stalled on a full register.
  uart.intstatus = kIntRx;
  while (uart.state & kStateRxFull) {
    if (!ring.push(static_cast<uint8_t>(uart.data))) dropped = dropped + 1;
  }
}

// TX interrupt (also pended by software when new bytes are queued): feeds the transmitter
// from ring until it is busy; the interrupt after that byte continues.
template <uint32_t N>
void cmsdk_uart_on_tx(CmsdkUart& uart, cortex_m::ByteRing<N>& ring) {
  uart.intstatus = kIntTx;  // before writing DATA, so the next completion is not lost
  uint8_t byte;
  while (!(uart.state & kStateTxFull) && ring.pop(byte)) uart.data = byte;
}

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_CMSDK_UART_H_
