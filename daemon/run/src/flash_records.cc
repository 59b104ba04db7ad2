#include "insole/run/flash_records.h"

#include "insole/wire/recording_record.h"

namespace insole::run {

FlashRecords::FlashRecords(std::span<const std::uint8_t> data, FlashRecordFormat format)
    : data_(data), format_(format) {
  if (format.record_bytes == 0 ||
      format.record_bytes != wire::recording_record_size(format.sensel_count)) {
    throw FlashRecordError("records of " + std::to_string(format.record_bytes) +
                           " bytes cannot hold " + std::to_string(format.sensel_count) +
                           " sensels");
  }
  if (data.size() % format.record_bytes != 0) {
    throw FlashRecordError(std::to_string(data.size()) + " bytes are not whole records of " +
                           std::to_string(format.record_bytes) + " bytes");
  }
}

void FlashRecords::decode(std::size_t k, session::SensorFrame& out) const {
  wire::RecordView view{};
  if (!wire::decode_record(data_.data() + k * format_.record_bytes, format_.record_bytes, &view))
    throw FlashRecordError("record " + std::to_string(k) + " is not a frame");
  std::string error;
  if (!session::unpack_sensor_frame(format_.first_sequence + static_cast<std::uint32_t>(k),
                                    view.device_time_us, view.flags, view.packed, view.packed_size,
                                    format_.sensel_count, format_.newtons_per_count, out, &error))
    throw FlashRecordError("record " + std::to_string(k) + ": " + error);
}

}  // namespace insole::run
