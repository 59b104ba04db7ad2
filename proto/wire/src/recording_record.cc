#include "insole/wire/recording_record.h"

#include <string.h>

namespace insole::wire {

size_t encode_record(uint64_t device_time_us, uint8_t flags, const uint8_t* packed,
                     size_t packed_size, uint8_t* out, size_t out_capacity) {
  const size_t size = kRecordHeaderBytes + packed_size;
  if (out_capacity < size || device_time_us >> 56 != 0) return 0;
  for (int i = 0; i < 8; ++i) out[i] = static_cast<uint8_t>(device_time_us >> (8 * i));
  out[8] = flags;
  memcpy(out + kRecordHeaderBytes, packed, packed_size);
  return size;
}

bool decode_record(const uint8_t* record, size_t record_size, RecordView* out) {
  if (record_size < kRecordHeaderBytes) return false;
  if (record[kRecordCommitByte] != 0x00) return false;
  uint64_t t = 0;
  for (int i = 0; i < 8; ++i) t |= static_cast<uint64_t>(record[i]) << (8 * i);
  out->device_time_us = t;
  out->flags = record[8];
  out->packed = record + kRecordHeaderBytes;
  out->packed_size = record_size - kRecordHeaderBytes;
  return true;
}

}  // namespace insole::wire
