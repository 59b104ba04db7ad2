// CRC-32 (IEEE 802.3), table-driven. The 256-entry table is computed at compile time and is
// const, so on Cortex-M it lives in flash (.rodata), not RAM.
#include "insole/wire/crc32.h"

namespace insole::wire {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320u;  // 0x04C11DB7 bit-reversed

struct CrcTable {
  uint32_t entry[256];
};

constexpr CrcTable make_table() {
  CrcTable table{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) {
      c = (c & 1u) ? (c >> 1) ^ kPolynomial : c >> 1;
    }
    table.entry[i] = c;
  }
  return table;
}

constexpr CrcTable kTable = make_table();

// Raw register update: no init/final XOR.
constexpr uint32_t update(uint32_t reg, const uint8_t* data, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    reg = kTable.entry[(reg ^ data[i]) & 0xFFu] ^ (reg >> 8);
  }
  return reg;
}

// Compile-time self-check against the standard check value of "123456789".
constexpr uint32_t check_value() {
  const uint8_t msg[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  return update(0xFFFFFFFFu, msg, sizeof(msg)) ^ 0xFFFFFFFFu;
}

static_assert(kTable.entry[1] == 0x77073096u, "CRC table generation is wrong");
static_assert(kTable.entry[255] == 0x2D02EF8Du, "CRC table generation is wrong");
static_assert(check_value() == 0xCBF43926u, "CRC-32 check value mismatch");

}  // namespace

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc) {
  // The public value is the register XORed with 0xFFFFFFFF, so continuing from a previous
  // result (or from 0 for a fresh CRC, giving init 0xFFFFFFFF) just undoes that XOR.
  return update(crc ^ 0xFFFFFFFFu, data, n) ^ 0xFFFFFFFFu;
}

}  // namespace insole::wire
