// HAL: the recording flash, with NOR semantics (the product's W25Q512JV SPI NOR; a file on the
// host build and under QEMU semihosting).
//
// The contract every board keeps, and the recording store relies on:
//  - the memory is sector_count() sectors of kSectorBytes; erased bytes read 0xFF;
//  - erase_sector() sets a whole sector to 0xFF;
//  - program() can only clear bits (new = old & data); it never spans two sectors' worth of
//    pages in one call beyond what the caller passes, and it is complete when it returns;
//  - read() returns what was last erased/programmed, also across a reboot.
// Calls return false on a device error (SPI timeout, file I/O failure); the store then stops
// recording and reports it, it never retries forever.
#ifndef INSOLE_HAL_FLASH_H_
#define INSOLE_HAL_FLASH_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::hal {

class Flash {
 public:
  static constexpr uint32_t kSectorBytes = 4096;  // W25Q erase granule
  static constexpr uint32_t kPageBytes = 256;     // W25Q program granule (a program never
                                                  // needs to cross one; the store splits)

  virtual uint32_t sector_count() const = 0;
  virtual bool erase_sector(uint32_t sector) = 0;
  virtual bool program(uint32_t address, const uint8_t* data, size_t n) = 0;
  virtual bool read(uint32_t address, uint8_t* data, size_t n) = 0;

 protected:
  ~Flash() = default;
};

}  // namespace insole::hal

#endif  // INSOLE_HAL_FLASH_H_
