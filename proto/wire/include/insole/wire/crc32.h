// CRC-32 (IEEE 802.3: reflected polynomial 0xEDB88320, init and final XOR 0xFFFFFFFF).
// Same CRC as zlib/Ethernet, so captures can be checked with any standard tool.
// Freestanding: no heap, no exceptions, C headers only (the ARM toolchain ships no libstdc++).
#ifndef INSOLE_WIRE_CRC32_H_
#define INSOLE_WIRE_CRC32_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::wire {

// CRC of data[0..n). To continue over several pieces pass the previous result as `crc`.
uint32_t crc32(const uint8_t* data, size_t n, uint32_t crc = 0);

}  // namespace insole::wire

#endif  // INSOLE_WIRE_CRC32_H_
