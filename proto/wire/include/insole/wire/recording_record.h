// One frame as the insole stores it in flash and sends it, raw, in RecordingChunk.data:
//
//   device_time_us  u64 little-endian
//   flags           u8   (Frame.flags; bit 0: zeroing)
//   readings        packed 12-bit readings (readings.h), packed_readings_size(sensels) bytes
//
// Records of one recording have a fixed size (RecordingInfo.record_bytes) and consecutive
// sequence numbers from RecordingInfo.first_sequence, so a record's sequence is implied by its
// position. Device time stays below 2^56 µs, so byte 7 (the time's top byte) is 0x00 in every
// record: the writer programs it last, as the record's commit mark, and a slot where it reads
// 0xFF is erased or was torn by a power loss. Freestanding: shared by the firmware and daemon.
#ifndef INSOLE_WIRE_RECORDING_RECORD_H_
#define INSOLE_WIRE_RECORDING_RECORD_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/wire/readings.h"

namespace insole::wire {

inline constexpr size_t kRecordHeaderBytes = 9;
inline constexpr size_t kRecordCommitByte = 7;

constexpr size_t recording_record_size(size_t sensels) {
  return kRecordHeaderBytes + packed_readings_size(sensels);
}

// Writes one record; returns its size, or 0 if out_capacity is too small.
size_t encode_record(uint64_t device_time_us, uint8_t flags, const uint8_t* packed,
                     size_t packed_size, uint8_t* out, size_t out_capacity);

struct RecordView {
  uint64_t device_time_us;
  uint8_t flags;
  const uint8_t* packed;  // points into the record
  size_t packed_size;
};

// Splits a record of record_size bytes; false for a record too short, an erased slot or a torn
// (uncommitted) record.
bool decode_record(const uint8_t* record, size_t record_size, RecordView* out);

}  // namespace insole::wire

#endif  // INSOLE_WIRE_RECORDING_RECORD_H_
