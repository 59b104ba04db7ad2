#include "uart_link.h"

#include "cortex_m.h"

namespace insole::fw::mps2 {

void UartLink::start() {
  cmsdk_uart_enable(cmsdk_uart(base_), kCtrlTxEnable | kCtrlRxEnable | kCtrlTxInt | kCtrlRxInt);
  nvic_enable(rx_irq_);
  nvic_enable(tx_irq_);
}

size_t UartLink::read(uint8_t* buf, size_t capacity) { return rx_.pop_some(buf, capacity); }

bool UartLink::write(const uint8_t* data, size_t n) {
  if (!tx_.push_all(data, n)) return false;
  // The TX interrupt is the ring's only consumer; pending it starts an idle transmitter.
  nvic_set_pending(tx_irq_);
  return true;
}

}  // namespace insole::fw::mps2
