// The firmware core against fake HAL parts; its output is decoded with the host's libprotobuf,
// so nanopb (device) and libprotobuf (host) are checked against each other.
#include "insole/fw/device.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "device_fakes.h"
#include "host_side.h"
#include "insole/protocol_version.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"
#include "insole/wire/readings.h"

namespace insole::fw {
namespace {

using testing::FakeClock;
using testing::FakeLink;
using testing::FakeMatrix;

class DeviceTest : public ::testing::Test {
 protected:
  DeviceTest() : matrix(64), device(identity, matrix, link, clock) {}

  void send(insole::v1::Command command, uint32_t id) {
    testing::HostSide::send(link, std::move(command), id);
    device.poll();
  }

  // Decodes everything the device wrote since the last call.
  std::vector<insole::v1::DeviceMessage> replies() { return host.replies(link); }

  void run_until(uint64_t t_us, uint64_t step_us = 100) {
    while (clock.now < t_us) {
      clock.now += step_us;
      device.poll();
    }
  }

  hal::BoardIdentity identity{"test", "SN-42", "eu42-r1", hal::Side::kRight, 0.1f, 3700};
  FakeMatrix matrix;
  FakeLink link;
  FakeClock clock;
  Device device;
  testing::HostSide host;
};

TEST_F(DeviceTest, AnswersInfoRequest) {
  insole::v1::Command c;
  c.mutable_request_info();
  send(c, 7);
  const auto r = replies();
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].in_reply_to(), 7u);
  ASSERT_TRUE(r[0].has_info());
  const auto& info = r[0].info();
  EXPECT_EQ(info.protocol_major(), kProtocolMajor);
  EXPECT_EQ(info.protocol_minor(), kProtocolMinor);
  EXPECT_EQ(info.serial_number(), "SN-42");
  EXPECT_EQ(info.side(), insole::v1::SIDE_RIGHT);
  EXPECT_EQ(info.grid_id(), "eu42-r1");
  EXPECT_EQ(info.sensel_count(), 64u);
  EXPECT_EQ(info.sample_rate_hz(), 200u);
  EXPECT_EQ(info.adc_bits(), 12u);
  EXPECT_FLOAT_EQ(info.newtons_per_count(), 0.1f);
  EXPECT_EQ(info.board(), "test");
}

TEST_F(DeviceTest, StreamsPacedFramesWithSequenceAndZeroedReadings) {
  insole::v1::Command start;
  start.mutable_start_streaming();
  clock.now = 1'000'000;
  send(start, 1);
  run_until(1'000'000 + 200'000);  // 200 ms at 200 Hz -> 40 scans
  const auto r = replies();
  ASSERT_FALSE(r.empty());
  EXPECT_TRUE(r[0].has_ack());
  std::vector<insole::v1::Frame> frames;
  for (const auto& m : r) {
    if (m.has_frame()) frames.push_back(m.frame());
  }
  ASSERT_EQ(frames.size(), 41u);  // slots at 0, 5, ..., 200 ms inclusive
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(frames[i].sequence(), i);
    EXPECT_EQ(frames[i].device_time_us(), 1'000'000 + i * 5000);
    EXPECT_EQ(frames[i].readings().size(), wire::packed_readings_size(64));
    // Zeroing: the initial capture, then (the fake foot never loads) swing re-zero once the
    // total has been quiet for kSwingFrames scans.
    const bool zeroing = i < ZeroCalibration::kCaptureFrames ||
                         i >= ZeroCalibration::kCaptureFrames + ZeroCalibration::kSwingFrames - 1;
    EXPECT_EQ((frames[i].flags() & 1) != 0, zeroing) << i;
  }
  // Load one sensel after the capture: it shows up net of its offset.
  matrix.values[10] = 100 + 1234;
  link.tx.clear();
  run_until(clock.now + 5000);
  const auto more = replies();
  ASSERT_EQ(more.size(), 1u);
  uint16_t counts[64];
  const auto& packed = more[0].frame().readings();
  ASSERT_TRUE(wire::unpack_readings(reinterpret_cast<const uint8_t*>(packed.data()), packed.size(),
                                    counts, 64));
  EXPECT_EQ(counts[10], 1234);
  EXPECT_EQ(counts[11], 0);
}

TEST_F(DeviceTest, RejectsUnsupportedRateAndAcceptsValidOne) {
  insole::v1::Command bad;
  bad.mutable_set_rate()->set_sample_rate_hz(5000);
  send(bad, 3);
  insole::v1::Command good;
  good.mutable_set_rate()->set_sample_rate_hz(100);
  send(good, 4);
  const auto r = replies();
  ASSERT_EQ(r.size(), 2u);
  ASSERT_TRUE(r[0].has_error());
  EXPECT_EQ(r[0].in_reply_to(), 3u);
  EXPECT_EQ(r[0].error().code(), insole::v1::ERROR_CODE_UNSUPPORTED_RATE);
  EXPECT_TRUE(r[1].has_ack());
  EXPECT_EQ(device.sample_rate_hz(), 100u);

  insole::v1::Command start;
  start.mutable_start_streaming();
  send(start, 5);
  run_until(clock.now + 999'900);  // last poll 100 µs before the 101st slot
  int frames = 0;
  for (const auto& m : replies()) frames += m.has_frame();
  EXPECT_EQ(frames, 100);
}

TEST_F(DeviceTest, SurvivesGarbageAndCountsBadInput) {
  for (int i = 0; i < 1000; ++i) link.rx.push_back(static_cast<uint8_t>(i * 37 + 11));
  link.rx.push_back(0);
  device.poll();
  // A frame whose CRC is damaged.
  insole::v1::Command c;
  c.mutable_request_info();
  c.set_request_id(9);
  const std::string payload = c.SerializeAsString();
  std::vector<uint8_t> out(wire::encoded_size_max(payload.size()));
  const size_t n = wire::encode_frame(1, reinterpret_cast<const uint8_t*>(payload.data()),
                                      payload.size(), out.data(), out.size());
  out[n - 3] ^= 0x40;
  link.rx.insert(link.rx.end(), out.begin(), out.begin() + static_cast<long>(n));
  device.poll();
  EXPECT_TRUE(replies().empty());  // nothing valid arrived, so nothing is answered
  insole::v1::Command status;
  status.mutable_request_status();
  send(status, 10);
  bool saw_status = false;
  for (const auto& m : replies()) {
    if (!m.has_status()) continue;
    saw_status = true;
    EXPECT_EQ(m.in_reply_to(), 10u);
    EXPECT_GE(m.status().rx_crc_errors() + m.status().rx_malformed(), 2u);
    EXPECT_EQ(m.status().state(), insole::v1::STATE_IDLE);
    EXPECT_EQ(m.status().battery_mv(), 3700u);
  }
  EXPECT_TRUE(saw_status);
}

TEST_F(DeviceTest, RefusedWritesLeaveAVisibleSequenceGap) {
  insole::v1::Command start;
  start.mutable_start_streaming();
  send(start, 1);
  run_until(clock.now + 10'000);
  link.refuse = true;  // host stops reading
  run_until(clock.now + 20'000);
  link.refuse = false;
  run_until(clock.now + 10'000);
  std::vector<uint32_t> seqs;
  for (const auto& m : replies()) {
    if (m.has_frame()) seqs.push_back(m.frame().sequence());
  }
  ASSERT_GE(seqs.size(), 4u);
  bool gap = false;
  for (size_t i = 1; i < seqs.size(); ++i) gap |= seqs[i] - seqs[i - 1] > 1;
  EXPECT_TRUE(gap);
  EXPECT_EQ(device.frames_sent(), seqs.size());
}

}  // namespace
}  // namespace insole::fw
