// hal::Flash for the emulated board: the recording flash is a file on the machine running
// QEMU, reached through semihosting, so recordings survive a QEMU restart like a real NOR
// survives a power cycle. NOR semantics as hal/flash.h states them: erase writes 0xFF, program
// reads, ANDs and writes back, so bits only ever clear.
#ifndef INSOLE_FW_BOARDS_MPS2_SEMIHOSTED_FLASH_H_
#define INSOLE_FW_BOARDS_MPS2_SEMIHOSTED_FLASH_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/flash.h"

namespace insole::fw::mps2 {

class SemihostedFlash final : public hal::Flash {
 public:
  // Opens the file `name` of size_bytes (a multiple of kSectorBytes), or creates it filled with
  // 0xFF (an erased chip) if it does not exist. False, with *why set, if it cannot be opened or
  // created or exists with another size.
  bool open(const char* name, uint32_t size_bytes, const char** why);

  uint32_t sector_count() const override { return size_ / kSectorBytes; }
  bool erase_sector(uint32_t sector) override;
  bool program(uint32_t address, const uint8_t* data, size_t n) override;
  bool read(uint32_t address, uint8_t* data, size_t n) override;

 private:
  bool in_range(uint32_t address, size_t n) const {
    return handle_ >= 0 && address <= size_ && n <= size_ - address;
  }
  bool fill_erased(uint32_t address, uint32_t n);

  int32_t handle_ = -1;
  uint32_t size_ = 0;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_SEMIHOSTED_FLASH_H_
