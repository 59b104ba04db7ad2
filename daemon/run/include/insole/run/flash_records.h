// The frames of a recording an insole made in its flash with no host (firmware
// recording_store, wire/recording_record.h), decoded straight into SensorFrames: fixed-size
// records of device time, flags and packed readings, sequence numbers counted from the
// recording's first (pure: no protobuf, no I/O).
#ifndef INSOLE_RUN_FLASH_RECORDS_H_
#define INSOLE_RUN_FLASH_RECORDS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>

#include "insole/session/sensor_frame.h"

namespace insole::run {

class FlashRecordError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FlashRecordFormat {
  std::uint32_t first_sequence = 0;
  std::uint32_t record_bytes = 0;
  std::uint32_t sensel_count = 0;
  float newtons_per_count = 0;
};

class FlashRecords {
 public:
  // Throws FlashRecordError when record_bytes does not fit sensel_count or data is not a whole
  // number of records.
  FlashRecords(std::span<const std::uint8_t> data, FlashRecordFormat format);

  std::size_t size() const { return data_.size() / format_.record_bytes; }
  // Decodes record k into out (its buffers are reused); throws FlashRecordError naming the
  // record when it is torn, erased or malformed.
  void decode(std::size_t k, session::SensorFrame& out) const;

 private:
  std::span<const std::uint8_t> data_;
  FlashRecordFormat format_;
};

}  // namespace insole::run

#endif  // INSOLE_RUN_FLASH_RECORDS_H_
