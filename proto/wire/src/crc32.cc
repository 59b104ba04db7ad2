// CRC-32 (IEEE 802.3), table-driven, eight bytes at a time. The tables are computed at compile
// time and are const, so on Cortex-M they live in flash (.rodata), not RAM.
#include "insole/wire/crc32.h"

namespace insole::wire {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320u;  // 0x04C11DB7 bit-reversed

// Slicing-by-8 (Kounavis & Berry 2008): entry[k][b] is the register change of byte b followed
// by k zero bytes, so eight bytes take eight independent lookups instead of a chain of eight.
// 8 KiB of tables: a daemon checks every byte of every frame of every insole it serves, and
// the firmware's flash has room (docs/firmware.md, budget).
struct CrcTables {
  uint32_t entry[8][256];
};

constexpr CrcTables make_tables() {
  CrcTables t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int bit = 0; bit < 8; ++bit) {
      c = (c & 1u) ? (c >> 1) ^ kPolynomial : c >> 1;
    }
    t.entry[0][i] = c;
  }
  for (int k = 1; k < 8; ++k) {
    for (uint32_t i = 0; i < 256; ++i) {
      const uint32_t prev = t.entry[k - 1][i];
      t.entry[k][i] = (prev >> 8) ^ t.entry[0][prev & 0xFFu];
    }
  }
  return t;
}

constexpr CrcTables kTables = make_tables();

constexpr uint32_t le32(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

// Raw register update: no init/final XOR.
constexpr uint32_t update(uint32_t reg, const uint8_t* data, size_t n) {
  const auto& t = kTables.entry;
  for (; n >= 8; n -= 8, data += 8) {
    const uint32_t lo = reg ^ le32(data);
    const uint32_t hi = le32(data + 4);
    reg = t[7][lo & 0xFFu] ^ t[6][(lo >> 8) & 0xFFu] ^ t[5][(lo >> 16) & 0xFFu] ^ t[4][lo >> 24] ^
          t[3][hi & 0xFFu] ^ t[2][(hi >> 8) & 0xFFu] ^ t[1][(hi >> 16) & 0xFFu] ^ t[0][hi >> 24];
  }
  for (size_t i = 0; i < n; ++i) {
    reg = t[0][(reg ^ data[i]) & 0xFFu] ^ (reg >> 8);
  }
  return reg;
}

// Compile-time self-check against the standard check value of "123456789".
constexpr uint32_t check_value() {
  const uint8_t msg[9] = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  return update(0xFFFFFFFFu, msg, sizeof(msg)) ^ 0xFFFFFFFFu;
}

static_assert(kTables.entry[0][1] == 0x77073096u, "CRC table generation is wrong");
static_assert(kTables.entry[0][255] == 0x2D02EF8Du, "CRC table generation is wrong");
static_assert(check_value() == 0xCBF43926u, "CRC-32 check value mismatch");

}  // namespace

uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc) {
  // The public value is the register XORed with 0xFFFFFFFF, so continuing from a previous
  // result (or from 0 for a fresh CRC, giving init 0xFFFFFFFF) just undoes that XOR.
  return update(crc ^ 0xFFFFFFFFu, data, n) ^ 0xFFFFFFFFu;
}

}  // namespace insole::wire
