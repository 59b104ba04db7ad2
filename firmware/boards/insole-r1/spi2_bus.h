// SpiBus on SPI2 (PB10 SCK, PB14 MISO, PB15 MOSI, AF5) with PB12 as a software chip select:
// the W25Q512JV. Mode 0, 21 MHz (PCLK1 42 MHz / 2; the chip's 0x13 read allows 50 MHz),
// polled byte by byte: the flash is used from thread code only.
#ifndef INSOLE_FW_BOARDS_R1_SPI2_BUS_H_
#define INSOLE_FW_BOARDS_R1_SPI2_BUS_H_

#include "spi_bus.h"

namespace insole::fw::r1 {

class Spi2Bus final : public SpiBus {
 public:
  void start();
  void select() override;
  void deselect() override;
  void transfer(const uint8_t* tx, uint8_t* rx, size_t n) override;
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_SPI2_BUS_H_
