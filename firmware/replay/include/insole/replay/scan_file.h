// The scan file of a deterministic run: what a sensel matrix read, scan by scan, so the same
// firmware can be replayed byte for byte on any board (docs/firmware.md#deterministic-run).
//
//   header  16 bytes: magic "INSCAN01", u16 sensel count, u16 sample rate (Hz), u32 zero
//   records one per scan: u64 time (µs since the start of the run), then the sensel's raw ADC
//           counts (offsets included, as the board's ADC would see them) packed 12 bits each
//           (wire/readings.h), packed_readings_size(sensels) bytes
// All integers little-endian; records are in time order. Freestanding: used by the firmware
// images and by the host tools that write the files.
#ifndef INSOLE_REPLAY_SCAN_FILE_H_
#define INSOLE_REPLAY_SCAN_FILE_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/wire/readings.h"

namespace insole::replay {

inline constexpr size_t kScanHeaderBytes = 16;
inline constexpr size_t kScanTimeBytes = 8;

struct ScanFileHeader {
  uint16_t sensel_count;
  uint16_t rate_hz;
};

constexpr size_t scan_record_size(size_t sensels) {
  return kScanTimeBytes + wire::packed_readings_size(sensels);
}

void encode_scan_header(const ScanFileHeader& header, uint8_t out[kScanHeaderBytes]);
// False for a wrong magic, no sensels or a zero rate.
bool decode_scan_header(const uint8_t in[kScanHeaderBytes], ScanFileHeader* header);

// Writes one record of `sensels` raw counts (each <= 0x0fff); returns its size, or 0 if
// out_capacity is too small.
size_t encode_scan_record(uint64_t t_us, const uint16_t* counts, size_t sensels, uint8_t* out,
                          size_t out_capacity);
// The time of a record (its first kScanTimeBytes bytes).
uint64_t scan_record_time(const uint8_t* record);
// Unpacks the counts of one record of scan_record_size(sensels) bytes.
void decode_scan_counts(const uint8_t* record, size_t sensels, uint16_t* counts);

}  // namespace insole::replay

#endif  // INSOLE_REPLAY_SCAN_FILE_H_
