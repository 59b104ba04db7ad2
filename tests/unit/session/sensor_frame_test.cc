#include "insole/session/sensor_frame.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include "insole/wire/readings.h"

namespace insole::session {
namespace {

TEST(SensorFrame, UnpacksAndScalesReadings) {
  insole::v1::DeviceInfo info;
  info.set_sensel_count(5);
  info.set_newtons_per_count(0.5f);
  const uint16_t counts[5] = {0, 1, 4095, 2048, 77};
  uint8_t packed[8];
  const size_t n = wire::pack_readings(counts, 5, packed, sizeof(packed));
  ASSERT_EQ(n, 8u);
  insole::v1::Frame frame;
  frame.set_sequence(3);
  frame.set_device_time_us(123456);
  frame.set_flags(1);
  frame.set_readings(std::string(reinterpret_cast<char*>(packed), n));
  SensorFrame out;
  std::string error;
  ASSERT_TRUE(to_sensor_frame(frame, info, out, &error)) << error;
  EXPECT_EQ(out.sequence, 3u);
  EXPECT_EQ(out.device_time_us, 123456u);
  EXPECT_TRUE(out.zeroing);
  ASSERT_EQ(out.forces_n.size(), 5u);
  EXPECT_FLOAT_EQ(out.forces_n[2], 2047.5f);
  EXPECT_FLOAT_EQ(out.forces_n[4], 38.5f);
  EXPECT_DOUBLE_EQ(out.total_n, 0.5 * (1 + 4095 + 2048 + 77));
}

TEST(SensorFrame, WrongReadingSizeIsAnErrorNotGarbage) {
  insole::v1::DeviceInfo info;
  info.set_sensel_count(64);
  info.set_newtons_per_count(0.1f);
  insole::v1::Frame frame;
  frame.set_sequence(9);
  frame.set_readings(std::string(95, '\0'));
  SensorFrame out;
  std::string error;
  EXPECT_FALSE(to_sensor_frame(frame, info, out, &error));
  EXPECT_NE(error.find("expected 96"), std::string::npos) << error;
}

TEST(Readings, PackUnpackRoundTripAllValues) {
  std::vector<uint16_t> in(4097), out(4097);
  for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<uint16_t>(i % 4096);
  std::vector<uint8_t> packed(wire::packed_readings_size(in.size()));
  ASSERT_EQ(wire::pack_readings(in.data(), in.size(), packed.data(), packed.size()), packed.size());
  ASSERT_TRUE(wire::unpack_readings(packed.data(), packed.size(), out.data(), out.size()));
  EXPECT_EQ(in, out);
  EXPECT_EQ(wire::pack_readings(in.data(), in.size(), packed.data(), packed.size() - 1), 0u);
}

}  // namespace
}  // namespace insole::session
