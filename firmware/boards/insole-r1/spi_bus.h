// A SPI master with one chip select, as the flash driver sees it: the seam between the pure
// W25Q command sequences (w25q_flash.h) and SPI2 (spi2_bus.h), or a chip model in host tests.
#ifndef INSOLE_FW_BOARDS_R1_SPI_BUS_H_
#define INSOLE_FW_BOARDS_R1_SPI_BUS_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::fw::r1 {

class SpiBus {
 public:
  virtual void select() = 0;    // chip select low: a command begins
  virtual void deselect() = 0;  // chip select high: the command ends (and takes effect)
  // Clocks n bytes: sends tx (0xFF when tx is null), stores what came back in rx (unless null).
  virtual void transfer(const uint8_t* tx, uint8_t* rx, size_t n) = 0;

 protected:
  ~SpiBus() = default;
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_SPI_BUS_H_
