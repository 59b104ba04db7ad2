// The FIT protocol's 16-bit CRC (Garmin FIT SDK, "FIT File Structure": CRC-16 with polynomial
// 0xA001, reflected, initial value 0, computed a nibble at a time). Pure.
#ifndef INSOLE_FIT_FIT_CRC_H_
#define INSOLE_FIT_FIT_CRC_H_

#include <cstdint>
#include <span>

namespace insole::fit {

// The CRC of `bytes` continuing from `crc` (0 to start).
std::uint16_t fit_crc(std::span<const std::uint8_t> bytes, std::uint16_t crc = 0);

}  // namespace insole::fit

#endif  // INSOLE_FIT_FIT_CRC_H_
