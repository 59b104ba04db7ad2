// The sensel matrix scan of insole-r1 as pure logic: row order, the DMA double buffer, overrun
// detection and the conversion to the geometry's sensel order. The register side is
// adc_matrix.{h,cc}.
//
// The hardware (docs/board.md "Firmware drivers"): TIM3 overflows at 8 x the frame rate, one
// "row slot" each. Its TRGO starts an ADC1 scan of IN0..IN7 (the 8 column TIAs) of the row
// selected at that moment, and DMA2 Stream0 writes the 8 results, circularly, into a buffer of
// two frames (halves): position = half * 64 + row * 8 + column. TIM3's compare channel 1 fires
// kRowSwitchUs into every slot, after the conversion: its interrupt calls on_row_slot() with
// how far the DMA has written, and selects the row this returns, which then settles until the
// next trigger.
//
// Overrun: the interrupt expects the DMA exactly 8 items further than at the previous slot.
// Anything else means a conversion was started before the row was switched (the interrupt ran
// late, or the ADC missed or added a trigger): the rows affected were read with the wrong row
// selected. The sequencer then resynchronises to where the DMA really is and discards the frames
// those rows belong to; a frame is published only when all 8 of its rows were converted in turn.
//
// Sensel order: index = row * 8 + column, row i / 8 and column i % 8 of the eu<size>-r1 layout
// (docs/board.md "Sensor and matrix"), which is the order on the wire.
#ifndef INSOLE_FW_BOARDS_R1_SCAN_SEQUENCER_H_
#define INSOLE_FW_BOARDS_R1_SCAN_SEQUENCER_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::fw::r1 {

class ScanSequencer {
 public:
  static constexpr uint32_t kRows = 8;
  static constexpr uint32_t kColumns = 8;
  static constexpr uint32_t kSensels = kRows * kColumns;
  static constexpr uint32_t kDmaItems = 2 * kSensels;  // two halves of one frame each
  // ADC timing: 56-cycle sampling + 12-cycle conversion at 21 MHz ADCCLK per column.
  static constexpr uint32_t kConversionNs = kColumns * (56 + 12) * 1000 / 21;  // 25.9 µs
  static constexpr uint32_t kRowSwitchUs = 40;      // compare point: conversion done, with margin
  static constexpr uint32_t kSettleTargetUs = 150;  // 12-bit settling of the TIA, R_f C_f 18 µs

  // GPIOB BSRR word that selects `row` (its switch control high: row to AGND) and deselects the
  // other seven (low: to V_REF). Rows 0..6 are PB3..PB9, row 7 is PB13 (hw/board pin map).
  static uint32_t row_select_bsrr(uint32_t row);
  static constexpr uint32_t kRowPins = 0x7Fu << 3 | 1u << 13;  // mask on port B
  // Time a row has to settle at this frame rate: from the row switch to the next trigger.
  static uint32_t settle_us(uint32_t frame_rate_hz);

  struct Slot {
    uint32_t next_row;  // select this row now
    bool overrun;       // the DMA was not where this slot expected it
    bool published;     // a frame was completed and published by this slot
  };

  // Before the timer starts: the DMA is at 0 and row 0 must be selected (returned).
  uint32_t reset();
  // Interrupt side, once per row slot. dma_written: items written in this lap of the circular
  // buffer, kDmaItems - NDTR (NDTR reloads at kDmaItems, so a full lap reads as 0).
  Slot on_row_slot(uint32_t dma_written, uint64_t t_us);

  // Thread side: copies the latest published frame, converted to sensel order and masked to
  // 12 bits, from the DMA buffer. Returns false when there is none: nothing published yet, or
  // the DMA has already begun overwriting it and the frame after it was discarded (overrun).
  // A frame stays readable for one frame period after it is published.
  bool latest(const volatile uint16_t* dma, uint16_t* counts, uint64_t* t_us,
              uint32_t* frame_number) const;

  uint32_t frames_published() const { return published_; }
  uint32_t frames_discarded() const { return discarded_; }
  uint32_t overruns() const { return overruns_; }

 private:
  // Where the DMA will write the conversion of the row selected now.
  uint32_t position() const { return half_ * kSensels + row_ * kColumns; }

  uint32_t half_ = 0;
  uint32_t row_ = 0;
  uint32_t rows_ok_ = 0;  // bit r: row r of the frame being filled was converted in turn
  uint64_t frame_start_us_ = 0;

  // Published frame (written by the interrupt, read by thread code).
  volatile uint32_t halves_done_ = 0;  // every completed half, good or discarded
  volatile uint32_t published_half_ = 0;
  volatile uint32_t published_lap_ = 0;  // halves_done_ when it was published
  volatile uint64_t published_t_us_ = 0;
  volatile uint32_t published_ = 0;
  volatile uint32_t discarded_ = 0;
  volatile uint32_t overruns_ = 0;
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_SCAN_SEQUENCER_H_
