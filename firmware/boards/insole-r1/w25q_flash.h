// hal::Flash on a Winbond W25Q512JV (512 Mbit = 64 MiB SPI NOR), as command sequences over a
// SpiBus. Pure logic: the bus is SPI2 on the board and a chip model in the host tests.
//
// The chip powers up in 3-byte address mode; instead of switching modes (state a reset or a
// brown-out could leave half-changed) every command uses its explicit 4-byte-address form
// (W25Q512JV datasheet 8.2): read 0x13, page program 0x12, 4 KiB sector erase 0x21.
//  - program() splits at 256-byte page boundaries: a page program that ran past its page would
//    wrap around to the page's start on the chip. Each page: write enable 0x06, check that the
//    chip latched it (status register 1, WEL), program, poll BUSY until done.
//  - erase_sector() the same with 0x21.
//  - BUSY polling (read status register 1, 0x05) is bounded by the datasheet maximum (page
//    program 3 ms, sector erase 400 ms) plus margin on the board's clock: a chip that never
//    finishes makes the call return false, it never hangs the firmware.
//  - Addresses or lengths outside the chip, and every call before a successful probe(), return
//    false without touching the bus.
#ifndef INSOLE_FW_BOARDS_R1_W25Q_FLASH_H_
#define INSOLE_FW_BOARDS_R1_W25Q_FLASH_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/clock.h"
#include "insole/hal/flash.h"
#include "spi_bus.h"

namespace insole::fw::r1 {

class W25qFlash final : public hal::Flash {
 public:
  static constexpr uint32_t kBytes = 64u * 1024 * 1024;
  static constexpr uint32_t kJedecId = 0xEF4020;  // Winbond, W25Q512JV-IQ/IN
  // Opcodes (datasheet table 8.1.2, 8.1.3).
  static constexpr uint8_t kWriteEnable = 0x06;
  static constexpr uint8_t kReadStatus1 = 0x05;
  static constexpr uint8_t kReadJedecId = 0x9F;
  static constexpr uint8_t kRead4 = 0x13;
  static constexpr uint8_t kPageProgram4 = 0x12;
  static constexpr uint8_t kSectorErase4 = 0x21;
  static constexpr uint8_t kStatusBusy = 1u << 0;
  static constexpr uint8_t kStatusWel = 1u << 1;
  // Datasheet 9.6 maxima, with margin for the clock's granularity.
  static constexpr uint64_t kPageProgramTimeoutUs = 3000 + 2000;
  static constexpr uint64_t kSectorEraseTimeoutUs = 400000 + 100000;

  W25qFlash(SpiBus& bus, const hal::Clock& clock) : bus_(bus), clock_(clock) {}

  // Reads the JEDEC id; true (and the flash usable) when it is a W25Q512JV.
  bool probe();
  bool ready() const { return ready_; }
  uint32_t jedec_id() const { return jedec_id_; }
  uint32_t timeouts() const { return timeouts_; }

  uint32_t sector_count() const override { return ready_ ? kBytes / kSectorBytes : 0; }
  bool erase_sector(uint32_t sector) override;
  bool program(uint32_t address, const uint8_t* data, size_t n) override;
  bool read(uint32_t address, uint8_t* data, size_t n) override;

  // Opcode followed by a 32-bit address, most significant byte first: out[0..5).
  static void command_with_address(uint8_t opcode, uint32_t address, uint8_t out[5]);

 private:
  bool in_range(uint32_t address, size_t n) const;
  uint8_t read_status();
  bool write_enable();
  bool wait_ready(uint64_t timeout_us);

  SpiBus& bus_;
  const hal::Clock& clock_;
  bool ready_ = false;
  uint32_t jedec_id_ = 0;
  uint32_t timeouts_ = 0;
};

}  // namespace insole::fw::r1

#endif  // INSOLE_FW_BOARDS_R1_W25Q_FLASH_H_
