#include "insole/replay/scan_file.h"

#include <string.h>

namespace insole::replay {
namespace {

constexpr uint8_t kMagic[8] = {'I', 'N', 'S', 'C', 'A', 'N', '0', '1'};

void put_le(uint8_t* out, uint64_t v, size_t bytes) {
  for (size_t i = 0; i < bytes; ++i) out[i] = static_cast<uint8_t>(v >> (8 * i));
}

uint64_t get_le(const uint8_t* in, size_t bytes) {
  uint64_t v = 0;
  for (size_t i = 0; i < bytes; ++i) v |= static_cast<uint64_t>(in[i]) << (8 * i);
  return v;
}

}  // namespace

void encode_scan_header(const ScanFileHeader& header, uint8_t out[kScanHeaderBytes]) {
  memcpy(out, kMagic, sizeof(kMagic));
  put_le(out + 8, header.sensel_count, 2);
  put_le(out + 10, header.rate_hz, 2);
  put_le(out + 12, 0, 4);
}

bool decode_scan_header(const uint8_t in[kScanHeaderBytes], ScanFileHeader* header) {
  if (memcmp(in, kMagic, sizeof(kMagic)) != 0) return false;
  header->sensel_count = static_cast<uint16_t>(get_le(in + 8, 2));
  header->rate_hz = static_cast<uint16_t>(get_le(in + 10, 2));
  return header->sensel_count > 0 && header->rate_hz > 0;
}

size_t encode_scan_record(uint64_t t_us, const uint16_t* counts, size_t sensels, uint8_t* out,
                          size_t out_capacity) {
  const size_t size = scan_record_size(sensels);
  if (out_capacity < size) return 0;
  put_le(out, t_us, kScanTimeBytes);
  if (wire::pack_readings(counts, sensels, out + kScanTimeBytes, size - kScanTimeBytes) == 0) {
    return 0;
  }
  return size;
}

uint64_t scan_record_time(const uint8_t* record) { return get_le(record, kScanTimeBytes); }

void decode_scan_counts(const uint8_t* record, size_t sensels, uint16_t* counts) {
  wire::unpack_readings(record + kScanTimeBytes, wire::packed_readings_size(sensels), counts,
                        sensels);
}

}  // namespace insole::replay
