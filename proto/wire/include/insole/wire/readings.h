// Packing of sensel readings in insole.v1.Frame.readings: 12-bit values, two per three bytes,
// little-endian (r0 = b0 | (b1 & 0x0f) << 8, r1 = b1 >> 4 | b2 << 4). Freestanding.
#ifndef INSOLE_WIRE_READINGS_H_
#define INSOLE_WIRE_READINGS_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::wire {

inline constexpr uint16_t kReadingMax = 0x0fff;

constexpr size_t packed_readings_size(size_t count) { return (count * 3 + 1) / 2; }

// Packs count readings (values above 4095 are clamped) into out; returns bytes written, or 0 if
// out_capacity < packed_readings_size(count).
size_t pack_readings(const uint16_t* readings, size_t count, uint8_t* out, size_t out_capacity);

// Unpacks count readings from packed[0..packed_size); returns false (out untouched beyond what
// fits) if packed_size != packed_readings_size(count).
bool unpack_readings(const uint8_t* packed, size_t packed_size, uint16_t* out, size_t count);

}  // namespace insole::wire

#endif  // INSOLE_WIRE_READINGS_H_
