#include "adc_matrix.h"

#include <string.h>

#include "stm32f411.h"

namespace insole::fw::r1 {
namespace {

constexpr uint32_t kTimerHz = 84000000;  // TIM3 on APB1 x 2 (RM0383 6.2)
constexpr unsigned kAfeEnablePin = 8;    // PA8
constexpr unsigned kVbatPin = 0;         // PB0, ADC1_IN8 (read by nothing yet: analog, no leak)

void stop_timer() { reg32(kTim3 + kTimCr1) = 0; }

}  // namespace

bool AdcMatrix::start(uint32_t frame_rate_hz) {
  reg32(kRccAhb1Enr) |= kAhb1GpioA | kAhb1GpioB | kAhb1Dma2;
  reg32(kRccApb1Enr) |= kApb1Tim3;
  reg32(kRccApb2Enr) |= kApb2Adc1;
  data_sync();

  // Rows deselected (all to V_REF) before the front end is powered.
  reg32(kGpioB + kGpioBsrr) = ScanSequencer::kRowPins << 16;
  for (unsigned pin = 0; pin < 16; ++pin) {
    if (ScanSequencer::kRowPins & (1u << pin)) gpio_configure(kGpioB, pin, PinMode::kOutput);
  }
  for (unsigned pin = 0; pin < ScanSequencer::kColumns; ++pin) {
    gpio_configure(kGpioA, pin, PinMode::kAnalog);  // PA0..PA7 = ADC1_IN0..IN7
  }
  gpio_configure(kGpioB, kVbatPin, PinMode::kAnalog);
  gpio_configure(kGpioA, kAfeEnablePin, PinMode::kOutput);
  reg32(kGpioA + kGpioBsrr) = 1u << kAfeEnablePin;

  // ADC1: 12 bit, scan IN0..IN7 in rank order, 56-cycle sampling, started by TIM3 TRGO, one DMA
  // request per result, continuing across laps (DDS) for the circular stream.
  reg32(kAdcCcr) = kAdcCcrAdcpreDiv4;
  reg32(kAdcCr1) = kAdcCr1Scan;
  uint32_t smpr2 = 0;
  for (uint32_t ch = 0; ch < ScanSequencer::kColumns; ++ch) smpr2 |= kAdcSample56Cycles << (3 * ch);
  reg32(kAdcSmpr2) = smpr2;
  reg32(kAdcSqr1) = (ScanSequencer::kColumns - 1) << 20;
  reg32(kAdcSqr3) = 0u | 1u << 5 | 2u << 10 | 3u << 15 | 4u << 20 | 5u << 25;
  reg32(kAdcSqr2) = 6u | 7u << 5;
  reg32(kAdcCr2) = kAdcCr2Adon;

  reg32(kTim3 + kTimCr2) = kTimCr2MmsUpdate;
  reg32(kTim3 + kTimDier) = kTimCc1if;
  nvic_enable(kIrqTim3);
  nvic_enable(kIrqDma2Stream0);
  set_rate(frame_rate_hz);

  // The first frame completes after one frame period (20 ms at the slowest rate).
  const uint64_t deadline = clock_.now_us() + 100000;
  while (sequencer_.frames_published() == 0) {
    if (clock_.now_us() > deadline) return false;
  }
  return true;
}

void AdcMatrix::set_rate(uint32_t frame_rate_hz) {
  stop_timer();
  rate_hz_ = frame_rate_hz;
  // One slot per row: ticks at 84 MHz, prescaled so the 16-bit ARR holds it (rates < 161 Hz).
  const uint32_t ticks = kTimerHz / (ScanSequencer::kRows * frame_rate_hz);
  const uint32_t prescaler = (ticks + 65535) / 65536;
  reg32(kTim3 + kTimPsc) = prescaler - 1;
  reg32(kTim3 + kTimArr) = ticks / prescaler - 1;
  switch_ticks_ = ScanSequencer::kRowSwitchUs * (kTimerHz / 1000000) / prescaler;
  reg32(kTim3 + kTimCcr1) = switch_ticks_;
  reg32(kTim3 + kTimEgr) = kTimUif;  // load PSC and ARR now (this update is no trigger yet:
                                     // the ADC is re-armed below, after it)
  restart_acquisition();
}

void AdcMatrix::restart_acquisition() {
  stop_timer();
  restarts_ = restarts_ + 1;
  // DMA2 Stream0 (RM0383 9.3.18: disable and wait before reprogramming).
  reg32(kDma2S0Cr) = 0;
  while (reg32(kDma2S0Cr) & kDmaCrEn) {
  }
  reg32(kDma2Lifcr) = kDmaS0Flags;
  reg32(kAdcCr2) &= ~(kAdcCr2Dma | kAdcCr2Dds | kAdcCr2ExtenRising);
  reg32(kAdcSr) = 0;  // clears OVR, which otherwise blocks further DMA requests
  reg32(kDma2S0Par) = static_cast<uint32_t>(kAdcDr);
  reg32(kDma2S0M0ar) = static_cast<uint32_t>(reinterpret_cast<uintptr_t>(dma_));
  reg32(kDma2S0Ndtr) = ScanSequencer::kDmaItems;
  reg32(kDma2S0Cr) = kDmaCrPlHigh | kDmaCrMsize16 | kDmaCrPsize16 | kDmaCrMinc | kDmaCrCirc |
                     kDmaCrTeie | kDmaCrEn;  // channel 0, peripheral to memory
  reg32(kAdcCr2) |= kAdcCr2Dma | kAdcCr2Dds | kAdcCr2ExtselTim3Trgo | kAdcCr2ExtenRising;

  reg32(kGpioB + kGpioBsrr) = ScanSequencer::row_select_bsrr(sequencer_.reset());
  // Start just after the compare point, so the first event is the update (the trigger of
  // row 0, which then has had a whole slot to settle), not a compare with nothing converted.
  reg32(kTim3 + kTimCnt) = switch_ticks_ + 1;
  reg32(kTim3 + kTimSr) = 0;
  reg32(kTim3 + kTimCr1) = kTimCr1Cen;
}

void AdcMatrix::on_tim3_irq() {
  reg32(kTim3 + kTimSr) = ~kTimCc1if;
  if (reg32(kAdcSr) & kAdcSrOvr) {  // the DMA fell behind: the ADC stopped requesting
    restart_acquisition();
    return;
  }
  const uint32_t written = ScanSequencer::kDmaItems - reg32(kDma2S0Ndtr);
  const ScanSequencer::Slot slot = sequencer_.on_row_slot(written, clock_.now_us());
  reg32(kGpioB + kGpioBsrr) = ScanSequencer::row_select_bsrr(slot.next_row);
}

void AdcMatrix::on_dma_irq() {
  if (reg32(kDma2Lisr) & kDmaS0Teif) restart_acquisition();
  reg32(kDma2Lifcr) = kDmaS0Flags;
}

void AdcMatrix::scan(uint64_t, uint16_t* counts) {
  uint16_t fresh[ScanSequencer::kSensels];
  uint64_t t_us;
  uint32_t number;
  if (sequencer_.latest(dma_, fresh, &t_us, &number)) {
    memcpy(last_, fresh, sizeof last_);
  } else {
    repeated_ = repeated_ + 1;
  }
  memcpy(counts, last_, sizeof last_);
}

}  // namespace insole::fw::r1
