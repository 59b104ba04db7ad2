#include "injected_matrix.h"

#include <string.h>

#include "cortex_m.h"

namespace insole::fw::mps2 {

InjectedMatrix::InjectedMatrix(uintptr_t base, unsigned rx_irq) : base_(base), rx_irq_(rx_irq) {
  for (uint16_t& c : latest_) c = kIdleCounts;
}

void InjectedMatrix::start() {
  cmsdk_uart_enable(cmsdk_uart(base_), kCtrlRxEnable | kCtrlRxInt);
  nvic_enable(rx_irq_);
}

void InjectedMatrix::service() {
  uint8_t byte;
  while (rx_.pop(byte)) {
    if (decoder_.push(byte) != wire::DecodeResult::kFrame) continue;
    const bool ours =
        decoder_.channel() == static_cast<uint8_t>(wire::Channel::kSenselInjection) &&
        wire::unpack_readings(decoder_.payload(), decoder_.payload_size(), latest_, kSensels);
    if (ours) {
      ++injected_;
    } else {
      ++rejected_;
    }
  }
}

void InjectedMatrix::scan(uint64_t /*t_us*/, uint16_t* counts) {
  service();  // the freshest complete scan, even if the main loop has not drained yet
  memcpy(counts, latest_, sizeof(latest_));
}

}  // namespace insole::fw::mps2
