// The device's journal and on-insole recordings, end to end through its command interface:
// fake matrix, link and clock, a NOR flash in RAM, replies decoded with libprotobuf.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "device_fakes.h"
#include "host_side.h"
#include "insole/fw/device.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/crc32.h"
#include "insole/wire/frame.h"
#include "insole/wire/recording_record.h"
#include "ram_flash.h"

namespace insole::fw {
namespace {

using testing::FakeClock;
using testing::FakeLink;
using testing::FakeMatrix;
using testing::RamFlash;

class DeviceRecordingTest : public ::testing::Test {
 protected:
  explicit DeviceRecordingTest(uint32_t flash_sectors = 64)
      : matrix(64), flash(flash_sectors), device(identity, matrix, link, clock, &flash) {
    clock.now = 1000;
    device.boot();
    link.tx.clear();
  }

  void send(insole::v1::Command command, uint32_t id) {
    testing::HostSide::send(link, std::move(command), id);
    device.poll();
  }

  // Decodes everything the device wrote since the last call.
  std::vector<insole::v1::DeviceMessage> replies() { return host.replies(link); }

  void run_for(uint64_t us, uint64_t step_us = 500) {
    const uint64_t end = clock.now + us;
    while (clock.now < end) {
      clock.now += step_us;
      device.poll();
    }
  }

  // One reply to a command that has exactly one.
  insole::v1::DeviceMessage ask(insole::v1::Command command, uint32_t id) {
    link.tx.clear();
    send(command, id);
    const auto r = replies();
    EXPECT_EQ(r.size(), 1u);
    return r.empty() ? insole::v1::DeviceMessage{} : r[0];
  }

  insole::v1::RecordingList list() {
    insole::v1::Command c;
    c.mutable_list_recordings();
    return ask(c, 90).recording_list();
  }

  insole::v1::Status status() {
    insole::v1::Command c;
    c.mutable_request_status();
    return ask(c, 91).status();
  }

  // Downloads a whole recording in chunks of `chunk` bytes.
  std::string download(const insole::v1::RecordingInfo& r, uint32_t chunk = 256) {
    std::string data;
    while (data.size() < r.size_bytes()) {
      insole::v1::Command c;
      c.mutable_read_recording()->set_recording_id(r.recording_id());
      c.mutable_read_recording()->set_offset(static_cast<uint32_t>(data.size()));
      c.mutable_read_recording()->set_length(chunk);
      const auto m = ask(c, 92);
      EXPECT_TRUE(m.has_recording_chunk()) << m.DebugString();
      if (!m.has_recording_chunk()) break;
      EXPECT_EQ(m.recording_chunk().offset(), data.size());
      data += m.recording_chunk().data();
    }
    return data;
  }

  void load_foot(uint16_t extra) {
    for (size_t i = 0; i < 20; ++i) matrix.values[i] = static_cast<uint16_t>(100 + extra);
  }

  hal::BoardIdentity identity{"test", "SN-7", "eu42-r1", hal::Side::kLeft, 0.1f, 0};
  FakeMatrix matrix;
  FakeLink link;
  FakeClock clock;
  RamFlash flash;
  Device device;
  testing::HostSide host;
};

TEST_F(DeviceRecordingTest, ReadFramesRecoversFramesLostInADropout) {
  insole::v1::Command start;
  start.mutable_start_streaming();
  send(start, 1);
  run_for(250'000);  // 50 frames reach the host
  link.refuse = true;
  run_for(500'000);  // the next 100 are lost on the link
  link.refuse = false;
  run_for(100'000);
  std::vector<insole::v1::Frame> live;
  for (const auto& m : replies())
    if (m.has_frame()) live.push_back(m.frame());
  ASSERT_GE(live.size(), 70u);
  // The host sees the gap in the sequence numbers and asks for it.
  uint32_t gap_first = 0, gap_end = 0;
  for (size_t i = 1; i < live.size(); ++i) {
    if (live[i].sequence() != live[i - 1].sequence() + 1) {
      gap_first = live[i - 1].sequence() + 1;
      gap_end = live[i].sequence();
    }
  }
  ASSERT_EQ(gap_end - gap_first, 100u);

  // Asked in two requests sent back to back (as a host does for a long gap): both answered.
  insole::v1::Command read;
  read.mutable_read_frames()->set_first_sequence(gap_first);
  read.mutable_read_frames()->set_count(60);
  send(read, 7);
  read.mutable_read_frames()->set_first_sequence(gap_first + 60);
  read.mutable_read_frames()->set_count(gap_end - gap_first - 60);
  send(read, 8);
  run_for(200'000);
  std::vector<insole::v1::Frame> recovered;
  int live_meanwhile = 0;
  std::vector<insole::v1::FramesEnd> ends;
  for (const auto& m : replies()) {
    if (m.has_frame() && (m.in_reply_to() == 7 || m.in_reply_to() == 8))
      recovered.push_back(m.frame());
    if (m.has_frame() && m.in_reply_to() == 0) ++live_meanwhile;
    if (m.has_frames_end()) ends.push_back(m.frames_end());
  }
  ASSERT_EQ(ends.size(), 2u);
  const insole::v1::FramesEnd end = ends[0];
  EXPECT_EQ(ends[1].sent(), 40u);
  EXPECT_EQ(ends[1].missing(), 0u);
  EXPECT_GE(live_meanwhile, 39);  // live streaming kept its pace
  ASSERT_EQ(recovered.size(), 100u);
  for (size_t i = 0; i < recovered.size(); ++i) {
    EXPECT_EQ(recovered[i].sequence(), gap_first + i);
    // Same schedule as the live frames: 5 ms apart, continuing the ones before the gap.
    EXPECT_EQ(recovered[i].device_time_us(),
              live.front().device_time_us() + (gap_first + i - live.front().sequence()) * 5000);
    EXPECT_EQ(recovered[i].readings().size(), wire::packed_readings_size(64));
  }
  EXPECT_EQ(end.first_sequence(), gap_first);
  EXPECT_EQ(end.sent(), 60u);
  EXPECT_EQ(end.missing(), 0u);
}

TEST_F(DeviceRecordingTest, ReadFramesReportsWhatTheJournalNeverHad) {
  insole::v1::Command start;
  start.mutable_start_streaming();
  send(start, 1);
  run_for(100'000);
  insole::v1::Command read;
  read.mutable_read_frames()->set_first_sequence(10);
  read.mutable_read_frames()->set_count(500);  // most are in the future
  send(read, 8);
  run_for(100'000);
  insole::v1::FramesEnd end;
  int sent = 0;
  for (const auto& m : replies()) {
    if (m.has_frames_end()) end = m.frames_end();
    if (m.has_frame() && m.in_reply_to() == 8) ++sent;
  }
  EXPECT_EQ(end.sent(), static_cast<uint32_t>(sent));
  EXPECT_GT(sent, 0);
  EXPECT_EQ(end.sent() + end.missing(), 500u);

  read.mutable_read_frames()->set_count(Device::kMaxReadFrames + 1);
  const auto refused = ask(read, 9);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), insole::v1::ERROR_CODE_OUT_OF_RANGE);
}

TEST_F(DeviceRecordingTest, RecordsARunWithNoHostThenHandsItOver) {
  run_for(3'000'000);  // unloaded: zero capture at the watch rate, nothing recorded
  EXPECT_FALSE(device.recording());
  load_foot(300);  // 20 sensels x 300 counts: a foot standing on the insole
  run_for(2'000'000);
  EXPECT_TRUE(device.recording());
  EXPECT_TRUE(link.tx.empty());  // recording, not streaming

  // A host arrives: its first command ends the recording, which is then listed, closed.
  const insole::v1::RecordingList l = list();
  EXPECT_FALSE(device.recording());
  ASSERT_EQ(l.total(), 1u);
  ASSERT_EQ(l.recordings_size(), 1);
  const insole::v1::RecordingInfo r = l.recordings(0);
  EXPECT_EQ(r.kind(), insole::v1::RECORDING_KIND_OFFLINE);
  EXPECT_FALSE(r.open());
  EXPECT_NEAR(r.frame_count(), 2.0 * 200 - 0.2 * 200, 45.0);  // 2 s at 200 Hz minus the trigger
  EXPECT_EQ(r.sensel_count(), 64u);
  EXPECT_EQ(r.record_bytes(), wire::recording_record_size(64));
  EXPECT_EQ(r.size_bytes(), r.frame_count() * r.record_bytes());
  EXPECT_EQ(r.end(), insole::v1::RECORDING_END_HOST);
  EXPECT_EQ(r.boot_wall_clock_us(), 0u);  // no host gave this boot the time
  EXPECT_EQ(status().unsynced_recordings(), 1u);

  const std::string data = download(r, 200);  // 200 does not divide a record: chunks straddle
  ASSERT_EQ(data.size(), r.size_bytes());
  EXPECT_EQ(wire::crc32(reinterpret_cast<const uint8_t*>(data.data()), data.size()), r.crc32());
  uint64_t last_t = 0;
  for (uint32_t k = 0; k < r.frame_count(); ++k) {
    wire::RecordView v{};
    ASSERT_TRUE(
        wire::decode_record(reinterpret_cast<const uint8_t*>(data.data()) + k * r.record_bytes(),
                            r.record_bytes(), &v));
    if (k > 1) {  // the first scan is taken at the first poll after the trigger, then paced
      EXPECT_EQ(v.device_time_us - last_t, 5000u) << k;
    }
    last_t = v.device_time_us;
    uint16_t counts[64];
    ASSERT_TRUE(wire::unpack_readings(v.packed, v.packed_size, counts, 64));
    EXPECT_EQ(counts[0], 300);  // net of the zero offset captured while unloaded
    EXPECT_EQ(counts[30], 0);
  }

  insole::v1::Command erase;
  erase.mutable_erase_recording()->set_recording_id(r.recording_id());
  EXPECT_TRUE(ask(erase, 93).has_ack());
  EXPECT_EQ(list().total(), 0u);
  EXPECT_EQ(status().unsynced_recordings(), 0u);
  const auto again = ask(erase, 94);
  ASSERT_TRUE(again.has_error());
  EXPECT_EQ(again.error().code(), insole::v1::ERROR_CODE_NO_SUCH_RECORDING);
  EXPECT_EQ(flash.bad_programs, 0);
}

TEST_F(DeviceRecordingTest, StopsRecordingTenSecondsAfterTheFootLeaves) {
  run_for(2'000'000);
  load_foot(300);
  run_for(1'000'000);
  ASSERT_TRUE(device.recording());
  load_foot(0);
  run_for(9'500'000);
  EXPECT_TRUE(device.recording());
  run_for(1'000'000);
  EXPECT_FALSE(device.recording());
  const auto l = list();
  ASSERT_EQ(l.total(), 1u);
  // From the trigger (~0.2 s after loading) to 10 s after the last loaded scan: ~10.8 s.
  EXPECT_NEAR(l.recordings(0).frame_count(), 10.8 * 200, 30.0);
}

TEST_F(DeviceRecordingTest, NoOfflineRecordingWhileAHostIsTalking) {
  run_for(2'000'000);
  insole::v1::Command c;
  c.mutable_request_status();
  load_foot(300);
  for (int i = 0; i < 5; ++i) {  // a host asking every second
    ask(c, 1);
    run_for(1'000'000);
  }
  EXPECT_FALSE(device.recording());
  run_for(4'000'000);  // the host has gone quiet for more than 3 s
  EXPECT_TRUE(device.recording());
}

TEST_F(DeviceRecordingTest, RebootStartsOverWithANewBootId) {
  insole::v1::Command info;
  info.mutable_request_info();
  const uint32_t boot = ask(info, 1).info().boot_id();
  EXPECT_GT(boot, 0u);
  insole::v1::Command start;
  start.mutable_start_streaming();
  send(start, 2);
  run_for(100'000);
  insole::v1::Command reboot;
  reboot.mutable_reboot();
  link.tx.clear();
  send(reboot, 3);
  const auto r = replies();
  ASSERT_FALSE(r.empty());
  EXPECT_TRUE(r.back().has_ack());
  EXPECT_FALSE(device.streaming());
  EXPECT_EQ(ask(info, 4).info().boot_id(), boot + 1);
  EXPECT_EQ(status().next_sequence(), 0u);
  // The journal of the streamed session survived the reboot.
  const auto l = list();
  ASSERT_EQ(l.total(), 1u);
  EXPECT_EQ(l.recordings(0).kind(), insole::v1::RECORDING_KIND_JOURNAL);
  EXPECT_EQ(l.recordings(0).boot_id(), boot);
}

TEST_F(DeviceRecordingTest, TheJournalWrapsAroundAndStillHoldsTheLatestFrames) {
  insole::v1::Command start;
  start.mutable_start_streaming();
  send(start, 1);
  // 64 sectors (252 KiB of log) hold about 2 400 frames: stream four times that.
  run_for(48'000'000, 1000);
  link.refuse = true;
  run_for(1'000'000, 1000);  // a dropout of 200 frames at the end
  link.refuse = false;
  run_for(20'000, 1000);
  uint32_t last_before = 0, first_after = 0;
  for (const auto& m : replies()) {
    if (!m.has_frame()) continue;
    if (first_after == 0 && m.frame().sequence() > last_before + 1 && last_before > 0)
      first_after = m.frame().sequence();
    if (first_after == 0) last_before = m.frame().sequence();
  }
  ASSERT_GT(first_after, last_before + 150);
  insole::v1::Command read;
  read.mutable_read_frames()->set_first_sequence(last_before + 1);
  read.mutable_read_frames()->set_count(first_after - last_before - 1);
  send(read, 5);
  run_for(200'000);
  insole::v1::FramesEnd end;
  for (const auto& m : replies())
    if (m.has_frames_end()) end = m.frames_end();
  EXPECT_EQ(end.sent(), first_after - last_before - 1);
  EXPECT_EQ(end.missing(), 0u);
  EXPECT_EQ(status().flash_state(), insole::v1::FLASH_STATE_OK);
  EXPECT_EQ(flash.bad_programs, 0);
}

class SmallFlashDeviceTest : public DeviceRecordingTest {
 protected:
  SmallFlashDeviceTest() : DeviceRecordingTest(8) {}  // 7 log sectors: ~270 frames in all
};

TEST_F(SmallFlashDeviceTest, AFullFlashStopsRecordingAndSaysSo) {
  run_for(2'000'000);
  load_foot(300);
  run_for(2'000'000);       // first recording: ~360 frames do not fit; it stops at the end of flash
  const auto s = status();  // (ends the recording: a host is here)
  EXPECT_EQ(s.flash_state(), insole::v1::FLASH_STATE_FULL);
  EXPECT_EQ(s.flash_capacity_kib(), 28u);
  EXPECT_EQ(s.recording_free_s(), 0u);
  const auto l = list();
  ASSERT_EQ(l.total(), 1u);
  const auto first = l.recordings(0);
  EXPECT_EQ(first.end(), insole::v1::RECORDING_END_FLASH_FULL);  // cut, and it says so
  EXPECT_GT(first.frame_count(), 200u);
  EXPECT_LT(first.frame_count(), 280u);
  // The host leaves without syncing; the runner goes out again: nothing overwrites the first.
  run_for(4'000'000);
  const auto l2 = list();
  ASSERT_GE(l2.total(), 1u);
  EXPECT_EQ(l2.recordings(0).recording_id(), first.recording_id());
  EXPECT_EQ(l2.recordings(0).crc32(), first.crc32());
  EXPECT_EQ(status().flash_state(), insole::v1::FLASH_STATE_FULL);
  EXPECT_EQ(flash.bad_programs, 0);
}

// Issue 13: a host's clock and recording rate are kept across a power cycle; the recording
// made afterwards at the lower rate, and the one made before the power cycle, are dated.
TEST_F(DeviceRecordingTest, TheClockAndTheRecordingRateOutliveAPowerCycle) {
  constexpr uint64_t kWallUs = 1'780'000'000'000'000u;
  insole::v1::Command clock_cmd;
  clock_cmd.mutable_set_clock()->set_unix_time_us(kWallUs + clock.now);
  EXPECT_TRUE(ask(clock_cmd, 80).has_ack());
  insole::v1::Command rate;
  rate.mutable_set_recording_rate()->set_sample_rate_hz(20);
  const auto refused = ask(rate, 81);
  ASSERT_TRUE(refused.has_error());
  EXPECT_EQ(refused.error().code(), insole::v1::ERROR_CODE_UNSUPPORTED_RATE);
  rate.mutable_set_recording_rate()->set_sample_rate_hz(100);
  EXPECT_TRUE(ask(rate, 82).has_ack());
  const auto st = status();
  EXPECT_TRUE(st.clock_set());
  EXPECT_EQ(st.recording_rate_hz(), 100u);
  // 64 sectors: 63 in the log, 62 usable, of 105-byte records at 100 Hz.
  EXPECT_EQ(st.recording_capacity_s(), (62u * 4096 - 64) / 105 / 100);
  EXPECT_EQ(st.recording_free_s(), st.recording_capacity_s());

  run_for(4'000'000);  // the host is gone
  load_foot(300);
  run_for(2'000'000);  // recorded at 100 Hz in the boot the host dated
  ASSERT_TRUE(device.recording());
  device.restart();  // a power cycle (the reboot path: the recording is closed)
  const uint64_t boot_at = clock.now;
  load_foot(0);  // off the insole while it captures its zero offsets again
  run_for(3'000'000);
  load_foot(300);
  run_for(2'000'000);  // records again, in a boot no host has seen
  const auto l = list();
  ASSERT_EQ(l.total(), 2u);
  const auto& dated = l.recordings(0);
  EXPECT_EQ(dated.sample_rate_hz(), 100u);
  EXPECT_GT(dated.frame_count(), 100u);  // under 2 s at 100 Hz (200 Hz would give ~360)
  EXPECT_LE(dated.frame_count(), 200u);
  EXPECT_EQ(dated.end(), insole::v1::RECORDING_END_RESTART);
  EXPECT_EQ(dated.boot_wall_clock_us(), kWallUs);  // device time 0 of that boot on the wall
  EXPECT_GT(dated.clock_set_at_us(), 0u);
  const auto& later = l.recordings(1);
  EXPECT_EQ(later.sample_rate_hz(), 100u);  // the rate outlived the power cycle
  EXPECT_GT(later.start_time_us(), boot_at);
  // The list command is the host of the new boot, which has not given the time yet: undated
  // until it does; then both are dated.
  EXPECT_EQ(later.boot_wall_clock_us(), 0u);
  clock_cmd.mutable_set_clock()->set_unix_time_us(kWallUs + 3'600'000'000 + clock.now);
  EXPECT_TRUE(ask(clock_cmd, 83).has_ack());
  const auto l2 = list();
  EXPECT_EQ(l2.recordings(0).boot_wall_clock_us(), kWallUs);
  EXPECT_EQ(l2.recordings(1).boot_wall_clock_us(), kWallUs + 3'600'000'000);
  EXPECT_EQ(flash.bad_programs, 0);
}

}  // namespace
}  // namespace insole::fw
