#include "scan_sequencer.h"

#include "cortex_m_core.h"  // compiler_barrier

namespace insole::fw::r1 {
namespace {

using cortex_m::compiler_barrier;

// Port B pin of each row's switch control (hw/board/insole-r1-pinmap.csv: ROW0..ROW7).
constexpr uint8_t kRowPin[ScanSequencer::kRows] = {3, 4, 5, 6, 7, 8, 9, 13};
// ADC rank (position within a row's 8 results) of each column: SQR3/SQR2 list IN0..IN7 in order
// and column c is wired to IN c, so the rank is the column. One table to change with the wiring.
constexpr uint8_t kColumnRank[ScanSequencer::kColumns] = {0, 1, 2, 3, 4, 5, 6, 7};

}  // namespace

uint32_t ScanSequencer::row_select_bsrr(uint32_t row) {
  // BSRR: bits 0..15 set, bits 16..31 reset; set wins if both, so reset all others only.
  const uint32_t pin = 1u << kRowPin[row % kRows];
  return pin | ((kRowPins & ~pin) << 16);
}

uint32_t ScanSequencer::settle_us(uint32_t frame_rate_hz) {
  const uint32_t slot_us = 1000000u / (kRows * frame_rate_hz);
  return slot_us > kRowSwitchUs ? slot_us - kRowSwitchUs : 0;
}

uint32_t ScanSequencer::reset() {
  half_ = 0;
  row_ = 0;
  rows_ok_ = 0;
  return row_;
}

ScanSequencer::Slot ScanSequencer::on_row_slot(uint32_t dma_written, uint64_t t_us) {
  Slot slot{0, false, false};
  const uint32_t expected = (position() + kColumns) % kDmaItems;
  const uint32_t written = dma_written % kDmaItems;
  if (written == expected) {
    if (row_ == 0) frame_start_us_ = t_us - kRowSwitchUs;  // the slot's trigger
    rows_ok_ |= 1u << row_;
    if (row_ == kRows - 1) {
      halves_done_ = halves_done_ + 1;
      if (rows_ok_ == 0xFFu) {
        published_half_ = half_;
        published_t_us_ = frame_start_us_;
        published_lap_ = halves_done_;
        compiler_barrier();  // the frame's fields before its count
        published_ = published_ + 1;
        slot.published = true;
      } else {
        discarded_ = discarded_ + 1;
      }
      half_ ^= 1;
      rows_ok_ = 0;
    }
    row_ = (row_ + 1) % kRows;
  } else {
    // Resynchronise: the next conversion lands at the next whole row after `written` (a
    // conversion still in progress belongs to a row read unswitched). The frame being filled
    // lost rows; if the DMA moved into the other half, that half's frame also starts unclean.
    overruns_ = overruns_ + 1;
    slot.overrun = true;
    const uint32_t next = ((written + kColumns - 1) / kColumns * kColumns) % kDmaItems;
    const uint32_t next_half = next / kSensels;
    if (next_half != half_) {
      halves_done_ = halves_done_ + 1;
      discarded_ = discarded_ + 1;
    }
    half_ = next_half;
    row_ = (next % kSensels) / kColumns;
    rows_ok_ = 0;
  }
  slot.next_row = row_;
  return slot;
}

bool ScanSequencer::latest(const volatile uint16_t* dma, uint16_t* counts, uint64_t* t_us,
                           uint32_t* frame_number) const {
  // The DMA starts overwriting a half as soon as the other half is complete, so a published
  // frame is readable only while no further half has completed (halves_done_ == its lap).
  for (;;) {
    const uint32_t number = published_;
    if (number == 0) return false;
    compiler_barrier();
    const uint32_t half = published_half_;
    const uint32_t lap = published_lap_;
    const uint64_t t = published_t_us_;
    const volatile uint16_t* frame = dma + half * kSensels;
    for (uint32_t row = 0; row < kRows; ++row) {
      for (uint32_t column = 0; column < kColumns; ++column) {
        counts[row * kColumns + column] =
            static_cast<uint16_t>(frame[row * kColumns + kColumnRank[column]] & 0x0FFFu);
      }
    }
    compiler_barrier();
    if (published_ != number) continue;  // a newer frame came meanwhile: take that one
    // Overwritten during or before the copy, and the frame after it was discarded.
    if (halves_done_ != lap) return false;
    *t_us = t;
    *frame_number = number;
    return true;
  }
}

}  // namespace insole::fw::r1
