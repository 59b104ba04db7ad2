// hal::SenselMatrix fed by a simulator instead of an ADC: the simulator sends wire frames on
// Channel::kSenselInjection over a UART (UART2), each one scan's packed 12-bit raw counts.
// The RX interrupt only queues bytes; service() deframes them in thread code and keeps the
// latest complete scan, which scan() returns. Until the first injection every sensel reads a
// plausible unloaded offset.
#ifndef INSOLE_FW_BOARDS_MPS2_INJECTED_MATRIX_H_
#define INSOLE_FW_BOARDS_MPS2_INJECTED_MATRIX_H_

#include <stddef.h>
#include <stdint.h>

#include "byte_ring.h"
#include "cmsdk_uart.h"
#include "insole/hal/sensel_matrix.h"
#include "insole/wire/frame.h"
#include "insole/wire/readings.h"

namespace insole::fw::mps2 {

class InjectedMatrix final : public hal::SenselMatrix {
 public:
  static constexpr size_t kSensels = 64;        // the eu42-r1 grid
  static constexpr uint16_t kIdleCounts = 100;  // front-end offset with no load

  InjectedMatrix(uintptr_t base, unsigned rx_irq);

  // Enables the UART's receiver and its interrupt.
  void start();
  void on_rx_irq() { cmsdk_uart_on_rx(cmsdk_uart(base_), rx_, rx_dropped_); }
  // Deframes the bytes received so far; call from the main loop.
  void service();

  bool rx_pending() const { return !rx_.empty(); }
  uint32_t injected_scans() const { return injected_; }
  uint32_t rejected_frames() const { return rejected_; }
  uint32_t rx_dropped() const { return rx_dropped_; }

  size_t sensel_count() const override { return kSensels; }
  void scan(uint64_t t_us, uint16_t* counts) override;

 private:
  static constexpr size_t kPackedSize = wire::packed_readings_size(kSensels);
  // At 200 Hz a scan is ~100 bytes on the wire; the main loop drains far more often than that.
  static constexpr uint32_t kRxRing = 512;

  uintptr_t base_;
  unsigned rx_irq_;
  cortex_m::ByteRing<kRxRing> rx_;
  volatile uint32_t rx_dropped_ = 0;
  wire::StaticFrameDecoder<kPackedSize> decoder_;
  uint16_t latest_[kSensels];
  uint32_t injected_ = 0;
  uint32_t rejected_ = 0;  // frames on other channels or of the wrong size
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_INJECTED_MATRIX_H_
