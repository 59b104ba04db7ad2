// A NOR flash in RAM for tests of the recording store and the device: erase sets 0xFF, program
// ANDs (bits only clear). A program that would need a 0 -> 1 change is a bug in the caller, so
// it is counted in bad_programs (real NOR would silently store garbage). Power loss is modelled
// by fail_after_programs: that program and every later call fail.
#ifndef INSOLE_TESTS_UNIT_FIRMWARE_RAM_FLASH_H_
#define INSOLE_TESTS_UNIT_FIRMWARE_RAM_FLASH_H_

#include <cstdint>
#include <cstring>
#include <vector>

#include "insole/hal/flash.h"

namespace insole::fw::testing {

class RamFlash final : public hal::Flash {
 public:
  explicit RamFlash(uint32_t sectors) : bytes(static_cast<size_t>(sectors) * kSectorBytes, 0xff) {}

  uint32_t sector_count() const override {
    return static_cast<uint32_t>(bytes.size() / kSectorBytes);
  }
  bool erase_sector(uint32_t sector) override {
    if (dead() || sector >= sector_count()) return false;
    std::memset(&bytes[static_cast<size_t>(sector) * kSectorBytes], 0xff, kSectorBytes);
    ++erases;
    return true;
  }
  bool program(uint32_t address, const uint8_t* data, size_t n) override {
    if (fail_after_programs >= 0 && programs >= fail_after_programs) {
      powered_off = true;
      return false;
    }
    if (dead() || address + n > bytes.size()) return false;
    if (address / kPageBytes != (address + n - 1) / kPageBytes) ++page_crossings;
    for (size_t i = 0; i < n; ++i) {
      if ((~bytes[address + i] & data[i]) != 0) ++bad_programs;
      bytes[address + i] &= data[i];
    }
    ++programs;
    return true;
  }
  bool read(uint32_t address, uint8_t* data, size_t n) override {
    if (dead() || address + n > bytes.size()) return false;
    std::memcpy(data, &bytes[address], n);
    return true;
  }
  bool dead() const { return powered_off || broken; }

  std::vector<uint8_t> bytes;
  long programs = 0;
  long erases = 0;
  long bad_programs = 0;
  long page_crossings = 0;
  long fail_after_programs = -1;
  bool powered_off = false;
  bool broken = false;
};

}  // namespace insole::fw::testing

#endif  // INSOLE_TESTS_UNIT_FIRMWARE_RAM_FLASH_H_
