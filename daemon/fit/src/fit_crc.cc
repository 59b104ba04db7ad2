#include "insole/fit/fit_crc.h"

#include <array>

namespace insole::fit {

namespace {

constexpr std::array<std::uint16_t, 16> kNibble = {0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00,
                                                   0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
                                                   0x5000, 0x9C01, 0x8801, 0x4400};

std::uint16_t step(std::uint16_t crc, std::uint8_t nibble) {
  const std::uint16_t tmp = kNibble[crc & 0xF];
  crc = static_cast<std::uint16_t>((crc >> 4) & 0x0FFF);
  return static_cast<std::uint16_t>(crc ^ tmp ^ kNibble[nibble & 0xF]);
}

}  // namespace

std::uint16_t fit_crc(std::span<const std::uint8_t> bytes, std::uint16_t crc) {
  for (const std::uint8_t b : bytes) {
    crc = step(crc, b);
    crc = step(crc, static_cast<std::uint8_t>(b >> 4));
  }
  return crc;
}

}  // namespace insole::fit
