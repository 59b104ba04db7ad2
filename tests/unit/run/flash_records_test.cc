// Records of an insole's flash decoded straight into frames (no protobuf): sequence numbers from
// the recording's first, device times, flags, forces scaled; torn and misshapen data refused with
// the record named.
#include "insole/run/flash_records.h"

#include <gtest/gtest.h>

#include <vector>

#include "insole/wire/readings.h"
#include "insole/wire/recording_record.h"

namespace insole::run {
namespace {

constexpr std::size_t kSensels = 8;

std::vector<std::uint8_t> records(std::size_t n) {
  const std::size_t size = wire::recording_record_size(kSensels);
  std::vector<std::uint8_t> out(n * size);
  for (std::size_t k = 0; k < n; ++k) {
    std::uint16_t counts[kSensels];
    for (std::size_t i = 0; i < kSensels; ++i) counts[i] = static_cast<std::uint16_t>(k * 10 + i);
    std::uint8_t packed[wire::packed_readings_size(kSensels)];
    wire::pack_readings(counts, kSensels, packed, sizeof(packed));
    EXPECT_EQ(wire::encode_record(1'000'000 + 5000 * k, k == 0 ? 1 : 0, packed, sizeof(packed),
                                  out.data() + k * size, size),
              size);
  }
  return out;
}

FlashRecordFormat format() {
  return {100, static_cast<std::uint32_t>(wire::recording_record_size(kSensels)), kSensels, 0.5f};
}

TEST(FlashRecordsTest, DecodesEveryRecordIntoAFrame) {
  const auto data = records(3);
  const FlashRecords r(data, format());
  ASSERT_EQ(r.size(), 3u);
  session::SensorFrame f;
  r.decode(0, f);
  EXPECT_EQ(f.sequence, 100u);
  EXPECT_EQ(f.device_time_us, 1'000'000u);
  EXPECT_TRUE(f.zeroing);
  r.decode(2, f);
  EXPECT_EQ(f.sequence, 102u);
  EXPECT_EQ(f.device_time_us, 1'010'000u);
  EXPECT_FALSE(f.zeroing);
  ASSERT_EQ(f.counts.size(), kSensels);
  EXPECT_EQ(f.counts[3], 23);
  EXPECT_FLOAT_EQ(f.forces_n[3], 11.5f);
  double total = 0;
  for (std::size_t i = 0; i < kSensels; ++i) total += (20 + i) * 0.5;
  EXPECT_DOUBLE_EQ(f.total_n, total);
}

TEST(FlashRecordsTest, RefusesTornRecordsAndMisshapenData) {
  auto data = records(2);
  data[format().record_bytes + wire::kRecordCommitByte] = 0xFF;  // the second was never committed
  const FlashRecords r(data, format());
  session::SensorFrame f;
  r.decode(0, f);
  try {
    r.decode(1, f);
    FAIL() << "a torn record was decoded";
  } catch (const FlashRecordError& e) {
    EXPECT_STREQ(e.what(), "record 1 is not a frame");
  }
  data.pop_back();
  EXPECT_THROW(FlashRecords(data, format()), FlashRecordError);  // not whole records
  auto wrong = format();
  wrong.record_bytes += 1;
  EXPECT_THROW(FlashRecords(records(1), wrong), FlashRecordError);
}

}  // namespace
}  // namespace insole::run
