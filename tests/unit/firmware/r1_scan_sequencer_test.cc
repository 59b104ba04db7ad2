// insole-r1 scan sequencer: row order, row pins from the pin map, the DMA double buffer, the
// sensel order (index = row * 8 + column) and overrun detection, against a model of
// TIM3 + ADC1 + DMA2 that converts whichever row is selected when a trigger comes.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "scan_sequencer.h"

namespace {

using insole::fw::r1::ScanSequencer;

// Port B pin of each ROWn in hw/board/insole-r1-pinmap.csv.
std::map<int, int> row_pins_from_pinmap() {
  std::ifstream in(INSOLE_BOARD_PINMAP);
  std::string line;
  std::map<int, int> pins;
  while (std::getline(in, line)) {
    std::stringstream fields(line);
    std::string pin, port, function;
    std::getline(fields, pin, ',');
    std::getline(fields, port, ',');
    std::getline(fields, function, ',');
    if (function.rfind("ROW", 0) == 0 && port.rfind("PB", 0) == 0) {
      pins[std::stoi(function.substr(3))] = std::stoi(port.substr(2));
    }
  }
  return pins;
}

// What the ADC reads at (row, column) in frame f: distinct, 12 bit, with junk in the upper
// bits (the DMA moves 16-bit words; only 12 are the result).
uint16_t reading(uint32_t frame, uint32_t row, uint32_t column) {
  return static_cast<uint16_t>(0xF000 | ((frame % 4) * 1000 + row * 10 + column));
}

// TIM3 + ADC1 + DMA2 Stream0: each trigger converts the row selected at that moment into the
// next 8 items of the circular buffer.
class MatrixModel {
 public:
  explicit MatrixModel(ScanSequencer& seq) : seq_(seq) { selected_ = seq_.reset(); }

  // One trigger: converts the selected row.
  void trigger() {
    for (uint32_t c = 0; c < 8; ++c)
      dma[(written_ + c) % 128] = reading(frame_of_row(), selected_, c);
    written_ = (written_ + 8) % 128;
    ++triggers_;
  }
  // The compare interrupt of the slot.
  ScanSequencer::Slot row_switch() {
    const ScanSequencer::Slot slot = seq_.on_row_slot(written_, now_);
    selected_ = slot.next_row;
    now_ += 625;
    return slot;
  }
  // One row slot on time.
  ScanSequencer::Slot slot() {
    trigger();
    return row_switch();
  }
  uint32_t frame_of_row() const { return triggers_ / 8; }

  uint16_t dma[128] = {};

 private:
  ScanSequencer& seq_;
  uint32_t selected_ = 0;
  uint32_t written_ = 0;
  uint32_t triggers_ = 0;
  uint64_t now_ = 1000040;
};

TEST(ScanSequencerTest, RowSelectDrivesTheRowPinsOfThePinMap) {
  const std::map<int, int> pins = row_pins_from_pinmap();
  ASSERT_EQ(pins.size(), 8u);
  uint32_t all = 0;
  for (const auto& [row, pin] : pins) all |= 1u << pin;
  EXPECT_EQ(ScanSequencer::kRowPins, all);
  for (const auto& [row, pin] : pins) {
    const uint32_t bsrr = ScanSequencer::row_select_bsrr(static_cast<uint32_t>(row));
    EXPECT_EQ(bsrr & 0xFFFFu, 1u << pin) << "row " << row;       // selected
    EXPECT_EQ(bsrr >> 16, all & ~(1u << pin)) << "row " << row;  // the others off
  }
}

TEST(ScanSequencerTest, SettleTimeFollowsTheFrameRate) {
  EXPECT_EQ(ScanSequencer::settle_us(200), 625u - 40u);
  EXPECT_EQ(ScanSequencer::settle_us(50), 2500u - 40u);
  // 12-bit settling holds up to 650 Hz; above, rows settle less (docs/board.md).
  EXPECT_GE(ScanSequencer::settle_us(650), ScanSequencer::kSettleTargetUs);
  EXPECT_LT(ScanSequencer::settle_us(700), ScanSequencer::kSettleTargetUs);
  EXPECT_EQ(ScanSequencer::settle_us(1000), 125u - 40u);
  EXPECT_LT(ScanSequencer::kConversionNs / 1000, ScanSequencer::kRowSwitchUs);
}

TEST(ScanSequencerTest, ScansRowsInOrderAndPublishesEachFrameInSenselOrder) {
  ScanSequencer seq;
  MatrixModel hw(seq);
  uint16_t counts[64];
  uint64_t t;
  uint32_t number;
  EXPECT_FALSE(seq.latest(hw.dma, counts, &t, &number));  // nothing yet
  for (uint32_t frame = 0; frame < 6; ++frame) {
    for (uint32_t row = 0; row < 8; ++row) {
      const ScanSequencer::Slot slot = hw.slot();
      EXPECT_FALSE(slot.overrun);
      EXPECT_EQ(slot.next_row, (row + 1) % 8);
      EXPECT_EQ(slot.published, row == 7);
    }
    ASSERT_TRUE(seq.latest(hw.dma, counts, &t, &number));
    EXPECT_EQ(number, frame + 1);
    EXPECT_EQ(t, 1000000u + frame * 8 * 625);  // the trigger of the frame's row 0
    for (uint32_t i = 0; i < 64; ++i) {
      ASSERT_EQ(counts[i], reading(frame, i / 8, i % 8) & 0x0FFF)
          << "frame " << frame << " i " << i;
    }
  }
  EXPECT_EQ(seq.frames_published(), 6u);
  EXPECT_EQ(seq.overruns(), 0u);
}

TEST(ScanSequencerTest, ALateRowSwitchIsAnOverrunAndItsFrameIsNeverPublished) {
  ScanSequencer seq;
  MatrixModel hw(seq);
  for (int i = 0; i < 8; ++i) hw.slot();  // frame 0 fine
  ASSERT_EQ(seq.frames_published(), 1u);
  // Frame 1: rows 0..2 fine, then the interrupt comes too late: the trigger of the next slot
  // converts row 3 again instead of row 4.
  hw.slot();
  hw.slot();
  hw.slot();
  hw.trigger();
  hw.trigger();
  ScanSequencer::Slot slot = hw.row_switch();
  EXPECT_TRUE(slot.overrun);
  EXPECT_EQ(seq.overruns(), 1u);
  EXPECT_EQ(slot.next_row, 5u);  // resynchronised to where the DMA is
  // Complete the broken frame: it is discarded, not published.
  for (int i = 0; i < 3; ++i) slot = hw.slot();
  EXPECT_FALSE(slot.published);
  EXPECT_EQ(seq.frames_discarded(), 1u);
  EXPECT_EQ(seq.frames_published(), 1u);
  // The frame before it is gone too (the DMA overwrites its half now).
  uint16_t counts[64];
  uint64_t t;
  uint32_t number;
  EXPECT_FALSE(seq.latest(hw.dma, counts, &t, &number));
  // The next frame is whole again, every row where it belongs.
  for (int i = 0; i < 8; ++i) slot = hw.slot();
  EXPECT_TRUE(slot.published);
  ASSERT_TRUE(seq.latest(hw.dma, counts, &t, &number));
  EXPECT_EQ(number, 2u);
  for (uint32_t i = 0; i < 64; ++i) ASSERT_EQ(counts[i], reading(2, i / 8, i % 8) & 0x0FFF);
  EXPECT_EQ(seq.overruns(), 1u);
}

TEST(ScanSequencerTest, AMissedTriggerIsAnOverrunToo) {
  ScanSequencer seq;
  MatrixModel hw(seq);
  hw.slot();
  const ScanSequencer::Slot slot = hw.row_switch();  // the ADC did not convert in this slot
  EXPECT_TRUE(slot.overrun);
  EXPECT_EQ(slot.next_row, 1u);  // the DMA still waits for row 1's results
  for (int i = 0; i < 7; ++i) hw.slot();
  EXPECT_EQ(seq.frames_published(), 0u);
  EXPECT_EQ(seq.frames_discarded(), 1u);
  for (int i = 0; i < 8; ++i) hw.slot();
  EXPECT_EQ(seq.frames_published(), 1u);
}

TEST(ScanSequencerTest, AFrameStaysReadableForOneFramePeriod) {
  ScanSequencer seq;
  MatrixModel hw(seq);
  for (int i = 0; i < 8; ++i) hw.slot();
  uint16_t counts[64];
  uint64_t t;
  uint32_t number;
  for (int i = 0; i < 7; ++i) hw.slot();  // the next frame is being written into the other half
  ASSERT_TRUE(seq.latest(hw.dma, counts, &t, &number));
  EXPECT_EQ(number, 1u);
  EXPECT_EQ(counts[63], reading(0, 7, 7) & 0x0FFF);
  hw.slot();  // frame 2 complete and published: latest moves on
  ASSERT_TRUE(seq.latest(hw.dma, counts, &t, &number));
  EXPECT_EQ(number, 2u);
  EXPECT_EQ(counts[0], reading(1, 0, 0) & 0x0FFF);
}

}  // namespace
