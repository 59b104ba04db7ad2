#include "w25q_flash.h"

namespace insole::fw::r1 {

void W25qFlash::command_with_address(uint8_t opcode, uint32_t address, uint8_t out[5]) {
  out[0] = opcode;
  out[1] = static_cast<uint8_t>(address >> 24);
  out[2] = static_cast<uint8_t>(address >> 16);
  out[3] = static_cast<uint8_t>(address >> 8);
  out[4] = static_cast<uint8_t>(address);
}

bool W25qFlash::probe() {
  const uint8_t op = kReadJedecId;
  uint8_t id[3] = {};
  bus_.select();
  bus_.transfer(&op, nullptr, 1);
  bus_.transfer(nullptr, id, 3);
  bus_.deselect();
  jedec_id_ = static_cast<uint32_t>(id[0]) << 16 | static_cast<uint32_t>(id[1]) << 8 | id[2];
  ready_ = jedec_id_ == kJedecId;
  return ready_;
}

bool W25qFlash::in_range(uint32_t address, size_t n) const {
  return ready_ && address <= kBytes && n <= kBytes - address;
}

uint8_t W25qFlash::read_status() {
  const uint8_t op = kReadStatus1;
  uint8_t status = 0;
  bus_.select();
  bus_.transfer(&op, nullptr, 1);
  bus_.transfer(nullptr, &status, 1);
  bus_.deselect();
  return status;
}

bool W25qFlash::write_enable() {
  const uint8_t op = kWriteEnable;
  bus_.select();
  bus_.transfer(&op, nullptr, 1);
  bus_.deselect();
  // A chip that did not latch it (write-protected, absent) would silently ignore the program.
  return (read_status() & kStatusWel) != 0;
}

bool W25qFlash::wait_ready(uint64_t timeout_us) {
  const uint64_t start = clock_.now_us();
  for (;;) {
    if ((read_status() & kStatusBusy) == 0) return true;
    if (clock_.now_us() - start > timeout_us) {
      timeouts_ = timeouts_ + 1;
      return false;
    }
  }
}

bool W25qFlash::erase_sector(uint32_t sector) {
  if (sector >= sector_count()) return false;
  if (!wait_ready(kSectorEraseTimeoutUs) || !write_enable()) return false;
  uint8_t command[5];
  command_with_address(kSectorErase4, sector * kSectorBytes, command);
  bus_.select();
  bus_.transfer(command, nullptr, sizeof command);
  bus_.deselect();
  return wait_ready(kSectorEraseTimeoutUs);
}

bool W25qFlash::program(uint32_t address, const uint8_t* data, size_t n) {
  if (!in_range(address, n)) return false;
  if (!wait_ready(kSectorEraseTimeoutUs)) return false;
  while (n > 0) {
    const size_t page_left = kPageBytes - address % kPageBytes;
    const size_t chunk = n < page_left ? n : page_left;
    if (!write_enable()) return false;
    uint8_t command[5];
    command_with_address(kPageProgram4, address, command);
    bus_.select();
    bus_.transfer(command, nullptr, sizeof command);
    bus_.transfer(data, nullptr, chunk);
    bus_.deselect();
    if (!wait_ready(kPageProgramTimeoutUs)) return false;
    address += static_cast<uint32_t>(chunk);
    data += chunk;
    n -= chunk;
  }
  return true;
}

bool W25qFlash::read(uint32_t address, uint8_t* data, size_t n) {
  if (!in_range(address, n)) return false;
  if (n == 0) return true;
  // A read during a program or erase would return status bytes, not data.
  if (!wait_ready(kSectorEraseTimeoutUs)) return false;
  uint8_t command[5];
  command_with_address(kRead4, address, command);
  bus_.select();
  bus_.transfer(command, nullptr, sizeof command);
  bus_.transfer(nullptr, data, n);
  bus_.deselect();
  return true;
}

}  // namespace insole::fw::r1
