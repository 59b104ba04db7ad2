// insole-r1 W25Q512JV driver: the command sequences it clocks out, against a model of the chip
// on a fake SPI bus (4-byte address commands, write-enable latch, BUSY with datasheet timing,
// page wrap-around, program only clears bits), and its errors.
#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <map>
#include <vector>

#include "insole/hal/clock.h"
#include "w25q_flash.h"

namespace {

using insole::fw::r1::W25qFlash;
using Bytes = std::vector<uint8_t>;

// The chip, the bus and a clock that advances 5 µs with every bus transfer.
class FakeW25q final : public insole::fw::r1::SpiBus, public insole::hal::Clock {
 public:
  struct Command {
    uint8_t opcode;
    uint32_t address;
    size_t data_bytes;
  };

  void select() override {
    EXPECT_FALSE(selected_);
    selected_ = true;
    tx_.clear();
  }
  void deselect() override {
    EXPECT_TRUE(selected_);
    selected_ = false;
    finish();
  }
  void transfer(const uint8_t* tx, uint8_t* rx, size_t n) override {
    EXPECT_TRUE(selected_);
    now_ += 5;
    for (size_t i = 0; i < n; ++i) {
      const size_t at = tx_.size();
      tx_.push_back(tx ? tx[i] : 0xFF);
      const uint8_t out = respond(at);
      if (rx) rx[i] = out;
    }
  }
  uint64_t now_us() const override { return now_; }

  uint8_t byte(uint32_t address) const {
    const auto it = sectors_.find(address / 4096);
    return it == sectors_.end() ? 0xFF : it->second[address % 4096];
  }
  bool busy() const { return stuck_busy || now_ < busy_until_; }

  std::vector<Command> commands;  // every program, erase and read, as the chip saw them
  uint32_t jedec = 0xEF4020;
  bool stuck_busy = false;
  bool write_protected = false;

 private:
  uint8_t& cell(uint32_t address) {
    auto it = sectors_.find(address / 4096);
    if (it == sectors_.end()) {
      it = sectors_.emplace(address / 4096, std::array<uint8_t, 4096>{}).first;
      it->second.fill(0xFF);
    }
    return it->second[address % 4096];
  }
  uint32_t address() const {
    return static_cast<uint32_t>(tx_[1]) << 24 | tx_[2] << 16 | tx_[3] << 8 | tx_[4];
  }

  uint8_t respond(size_t at) {
    switch (tx_[0]) {
      case 0x05:
        return static_cast<uint8_t>((busy() ? 1 : 0) | (wel_ ? 2 : 0));
      case 0x9F:
        return at >= 1 && at <= 3 ? static_cast<uint8_t>(jedec >> (8 * (3 - at))) : 0xFF;
      case 0x13:
        if (busy()) return 0xFF;
        return at >= 5 ? byte(address() + static_cast<uint32_t>(at - 5)) : 0xFF;
      default:
        return 0xFF;
    }
  }

  // A command takes effect when chip select goes high (datasheet 8.2).
  void finish() {
    if (tx_.empty()) return;
    const uint8_t op = tx_[0];
    if (op == 0x13 && tx_.size() >= 5) commands.push_back({op, address(), tx_.size() - 5});
    if (busy()) return;  // only status reads while busy
    if (op == 0x06 && tx_.size() == 1 && !write_protected) wel_ = true;
    if (op == 0x12 && tx_.size() >= 5) {
      commands.push_back({op, address(), tx_.size() - 5});
      if (!wel_) return;
      // Past the end of the page the address wraps to the page's start.
      const uint32_t page = address() & ~0xFFu;
      for (size_t i = 5; i < tx_.size(); ++i) {
        uint8_t& c = cell(page | ((address() + static_cast<uint32_t>(i - 5)) & 0xFFu));
        c &= tx_[i];
      }
      wel_ = false;
      busy_until_ = now_ + 700;  // typical page program
    }
    if (op == 0x21 && tx_.size() == 5) {
      commands.push_back({op, address(), 0});
      if (!wel_) return;
      for (uint32_t i = 0; i < 4096; ++i) cell((address() & ~0xFFFu) + i) = 0xFF;
      wel_ = false;
      busy_until_ = now_ + 45000;  // typical sector erase
    }
  }

  std::map<uint32_t, std::array<uint8_t, 4096>> sectors_;
  std::vector<uint8_t> tx_;
  bool selected_ = false;
  bool wel_ = false;
  uint64_t now_ = 0;
  uint64_t busy_until_ = 0;
};

class W25qFlashTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(flash_.probe()); }
  FakeW25q chip_;
  W25qFlash flash_{chip_, chip_};
};

TEST_F(W25qFlashTest, ProbesTheJedecIdAndSizesTheChip) {
  EXPECT_EQ(flash_.jedec_id(), 0xEF4020u);
  EXPECT_EQ(flash_.sector_count(), 16384u);  // 64 MiB / 4 KiB
}

TEST(W25qFlashProbeTest, AnotherChipIsRefusedAndNothingTouchesIt) {
  FakeW25q chip;
  chip.jedec = 0xEF4019;  // W25Q256: 32 MiB, the size would be wrong
  W25qFlash flash(chip, chip);
  EXPECT_FALSE(flash.probe());
  EXPECT_EQ(flash.sector_count(), 0u);
  uint8_t b[4] = {1, 2, 3, 4};
  EXPECT_FALSE(flash.program(0, b, 4));
  EXPECT_FALSE(flash.read(0, b, 4));
  EXPECT_FALSE(flash.erase_sector(0));
  EXPECT_TRUE(chip.commands.empty());
}

TEST_F(W25qFlashTest, ProgramIsSplitAtPageBoundaries) {
  Bytes data(600);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 13 + 1);
  const uint32_t at = 0x02000000 + 250;  // above 16 MiB: needs the 4-byte address
  ASSERT_TRUE(flash_.program(at, data.data(), data.size()));
  ASSERT_EQ(chip_.commands.size(), 4u);
  const FakeW25q::Command expected[] = {
      {0x12, at, 6}, {0x12, 0x02000100, 256}, {0x12, 0x02000200, 256}, {0x12, 0x02000300, 82}};
  for (size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(chip_.commands[i].opcode, expected[i].opcode);
    EXPECT_EQ(chip_.commands[i].address, expected[i].address) << i;
    EXPECT_EQ(chip_.commands[i].data_bytes, expected[i].data_bytes) << i;
  }
  Bytes back(600);
  ASSERT_TRUE(flash_.read(at, back.data(), back.size()));
  EXPECT_EQ(back, data);
  EXPECT_EQ(chip_.commands.back().opcode, 0x13);
  EXPECT_EQ(chip_.commands.back().address, at);
  EXPECT_EQ(chip_.byte(at - 1), 0xFF);  // neighbours untouched
  EXPECT_EQ(chip_.byte(at + 600), 0xFF);
}

TEST_F(W25qFlashTest, ProgramOnlyClearsBitsAndEraseSetsThemAgain) {
  const uint8_t a[2] = {0xF0, 0x3C};
  const uint8_t b[2] = {0x0F, 0xFF};
  ASSERT_TRUE(flash_.program(8192 + 10, a, 2));
  ASSERT_TRUE(flash_.program(8192 + 10, b, 2));
  uint8_t got[2];
  ASSERT_TRUE(flash_.read(8192 + 10, got, 2));
  EXPECT_EQ(got[0], 0x00);
  EXPECT_EQ(got[1], 0x3C);
  ASSERT_TRUE(flash_.erase_sector(2));
  ASSERT_TRUE(flash_.read(8192 + 10, got, 2));
  EXPECT_EQ(got[0], 0xFF);
  EXPECT_EQ(got[1], 0xFF);
}

TEST_F(W25qFlashTest, EraseUsesTheFourByteAddressOfTheSector) {
  uint8_t command[5];
  W25qFlash::command_with_address(W25qFlash::kSectorErase4, 16383u * 4096, command);
  EXPECT_EQ(Bytes(command, command + 5), (Bytes{0x21, 0x03, 0xFF, 0xF0, 0x00}));
  const uint8_t x = 0x00;
  ASSERT_TRUE(flash_.program(16383u * 4096 + 4095, &x, 1));  // the chip's last byte
  ASSERT_TRUE(flash_.erase_sector(16383));
  EXPECT_EQ(chip_.commands.back().opcode, 0x21);
  EXPECT_EQ(chip_.commands.back().address, 16383u * 4096);
  EXPECT_EQ(chip_.byte(16383u * 4096 + 4095), 0xFF);
  EXPECT_FALSE(chip_.busy());  // erase_sector returns only when the chip is done
}

TEST_F(W25qFlashTest, OutOfRangeIsRefusedWithoutBusTraffic) {
  const uint8_t two[2] = {0, 0};
  uint8_t out[2];
  EXPECT_FALSE(flash_.program(W25qFlash::kBytes - 1, two, 2));
  EXPECT_FALSE(flash_.read(W25qFlash::kBytes - 1, out, 2));
  EXPECT_FALSE(flash_.read(0xFFFFFFFFu, out, 2));
  EXPECT_FALSE(flash_.erase_sector(16384));
  EXPECT_TRUE(chip_.commands.empty());
  EXPECT_TRUE(flash_.program(W25qFlash::kBytes - 2, two, 2));  // the last two bytes are fine
}

TEST_F(W25qFlashTest, AChipThatStaysBusyTimesOutInsteadOfHanging) {
  chip_.stuck_busy = true;
  const uint64_t start = chip_.now_us();
  EXPECT_FALSE(flash_.erase_sector(0));
  const uint64_t waited = chip_.now_us() - start;
  EXPECT_GE(waited, W25qFlash::kSectorEraseTimeoutUs);
  EXPECT_LT(waited, W25qFlash::kSectorEraseTimeoutUs + 1000);
  EXPECT_EQ(flash_.timeouts(), 1u);
  const uint8_t x = 0;
  EXPECT_FALSE(flash_.program(0, &x, 1));
  EXPECT_EQ(flash_.timeouts(), 2u);
  chip_.stuck_busy = false;
  EXPECT_TRUE(flash_.program(0, &x, 1));  // recovers once the chip does
}

TEST_F(W25qFlashTest, AWriteProtectedChipFailsTheProgramAndKeepsItsData) {
  const uint8_t x[3] = {1, 2, 3};
  chip_.write_protected = true;
  EXPECT_FALSE(flash_.program(100, x, 3));
  EXPECT_FALSE(flash_.erase_sector(0));
  EXPECT_EQ(chip_.byte(100), 0xFF);
  EXPECT_TRUE(chip_.commands.empty());  // stopped before sending the command
}

}  // namespace
