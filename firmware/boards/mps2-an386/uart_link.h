// hal::ByteLink on a CMSDK UART (UART1, the emulated board's stand-in for USB): received bytes
// wait in an RX ring filled by the RX interrupt; write() queues whole frames in a TX ring that
// the TX interrupt drains, so a host that stops reading costs dropped frames, never a stall.
#ifndef INSOLE_FW_BOARDS_MPS2_UART_LINK_H_
#define INSOLE_FW_BOARDS_MPS2_UART_LINK_H_

#include <stddef.h>
#include <stdint.h>

#include "byte_ring.h"
#include "cmsdk_uart.h"
#include "insole/hal/byte_link.h"

namespace insole::fw::mps2 {

class UartLink final : public hal::ByteLink {
 public:
  UartLink(uintptr_t base, unsigned rx_irq, unsigned tx_irq)
      : base_(base), rx_irq_(rx_irq), tx_irq_(tx_irq) {}

  // Enables the UART and both interrupts.
  void start();
  void on_rx_irq() { cmsdk_uart_on_rx(cmsdk_uart(base_), rx_, rx_dropped_); }
  void on_tx_irq() { cmsdk_uart_on_tx(cmsdk_uart(base_), tx_); }

  bool rx_pending() const { return !rx_.empty(); }
  uint32_t rx_dropped() const { return rx_dropped_; }

  size_t read(uint8_t* buf, size_t capacity) override;
  bool write(const uint8_t* data, size_t n) override;

  // 1 KiB holds several 200 Hz frames (~120 bytes each) while the host is slow to read.
  static constexpr uint32_t kTxRing = 1024;
  static constexpr uint32_t kRxRing = 256;  // host commands are a few dozen bytes

 private:
  uintptr_t base_;
  unsigned rx_irq_;
  unsigned tx_irq_;
  cortex_m::ByteRing<kRxRing> rx_;
  cortex_m::ByteRing<kTxRing> tx_;
  volatile uint32_t rx_dropped_ = 0;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_UART_LINK_H_
