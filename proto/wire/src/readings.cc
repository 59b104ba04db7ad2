#include "insole/wire/readings.h"

namespace insole::wire {

size_t pack_readings(const uint16_t* readings, size_t count, uint8_t* out, size_t out_capacity) {
  const size_t size = packed_readings_size(count);
  if (out_capacity < size) return 0;
  size_t o = 0;
  for (size_t i = 0; i < count; i += 2) {
    const uint16_t r0 = readings[i] > kReadingMax ? kReadingMax : readings[i];
    const uint16_t r1 =
        i + 1 < count ? (readings[i + 1] > kReadingMax ? kReadingMax : readings[i + 1]) : 0;
    out[o++] = static_cast<uint8_t>(r0 & 0xff);
    if (i + 1 < count) {
      out[o++] = static_cast<uint8_t>((r0 >> 8) | ((r1 & 0x0f) << 4));
      out[o++] = static_cast<uint8_t>(r1 >> 4);
    } else {
      out[o++] = static_cast<uint8_t>(r0 >> 8);
    }
  }
  return size;
}

bool unpack_readings(const uint8_t* packed, size_t packed_size, uint16_t* out, size_t count) {
  if (packed_size != packed_readings_size(count)) return false;
  size_t p = 0;
  for (size_t i = 0; i < count; i += 2) {
    const uint8_t b0 = packed[p++];
    const uint8_t b1 = packed[p++];
    out[i] = static_cast<uint16_t>(b0 | ((b1 & 0x0f) << 8));
    if (i + 1 < count) {
      const uint8_t b2 = packed[p++];
      out[i + 1] = static_cast<uint16_t>((b1 >> 4) | (b2 << 4));
    }
  }
  return true;
}

}  // namespace insole::wire
