// hal::SenselMatrix of insole-r1: the register side of ScanSequencer (scan_sequencer.h says how
// TIM3, ADC1 and DMA2 Stream0 share the work). The matrix scans continuously at the frame rate
// the board sets; scan() hands the core the latest complete frame (at most one frame period
// old). If none is readable (an overrun discarded it) the previous frame is repeated and
// counted, so the core always gets counts of a real scan.
#ifndef INSOLE_FW_BOARDS_R1_ADC_MATRIX_H_
#define INSOLE_FW_BOARDS_R1_ADC_MATRIX_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/clock.h"
#include "insole/hal/sensel_matrix.h"
#include "scan_sequencer.h"

namespace insole::fw::r1 {

class AdcMatrix final : public hal::SenselMatrix {
 public:
  explicit AdcMatrix(const hal::Clock& clock) : clock_(clock) {}

  // Powers the front end (AFE_EN), configures the pins, ADC1, DMA2 Stream0 and TIM3, and starts
  // scanning at frame_rate_hz. Waits (bounded) for the first frame, so the core's zero
  // calibration never sees an empty buffer; false if none came.
  bool start(uint32_t frame_rate_hz);
  // Restarts the scan at another frame rate (the host's set_rate).
  void set_rate(uint32_t frame_rate_hz);
  uint32_t rate_hz() const { return rate_hz_; }

  void on_tim3_irq();  // compare 1: the row slot's conversion is done
  void on_dma_irq();   // transfer error: the stream stopped; restart it

  size_t sensel_count() const override { return ScanSequencer::kSensels; }
  void scan(uint64_t t_us, uint16_t* counts) override;

  const ScanSequencer& sequencer() const { return sequencer_; }
  uint32_t repeated_frames() const { return repeated_; }
  uint32_t restarts() const { return restarts_; }

 private:
  void restart_acquisition();  // DMA to 0, sequencer reset, row 0 selected, timer primed

  const hal::Clock& clock_;
  ScanSequencer sequencer_;
  uint32_t rate_hz_ = 0;
  uint32_t switch_ticks_ = 0;  // timer ticks from the trigger to the row switch
  uint32_t repeated_ = 0;
  volatile uint32_t restarts_ = 0;
  uint16_t last_[ScanSequencer::kSensels] = {};
  alignas(4) volatile uint16_t dma_[ScanSequencer::kDmaItems] = {};
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_ADC_MATRIX_H_
