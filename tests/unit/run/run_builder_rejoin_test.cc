// An insole that reconnects into an open run keeps its run device, its link counters and its
// frames (RunBuilder on a real SQLite file).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "insole/run/run_builder.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "test_insole_info.h"

namespace insole::run {
namespace {

using testing::left_insole_info;

session::SensorFrame frame(std::uint32_t sequence, std::uint64_t device_time_us) {
  session::SensorFrame f;
  f.sequence = sequence;
  f.device_time_us = device_time_us;
  f.counts.assign(64, 0);
  f.forces_n.assign(64, 0.0f);
  return f;
}

std::unique_ptr<TimeMapping> mapping(const RunBuilder& builder) {
  return std::make_unique<HostClockMapping>(builder.run_start_us());
}

std::int64_t us(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

class RunBuilderRejoinTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("insole-rejoin-" + std::to_string(getpid()) + ".db");
    std::filesystem::remove(path_);
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm", "-writer.lock"})
      std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
};

TEST_F(RunBuilderRejoinTest, SameSerialGetsItsSlotBackAndCountersAddUp) {
  auto db = store::open_for_writing(path_.string());
  RunBuilder recorder(*db, 200);
  const int slot = recorder.add_device(left_insole_info(), mapping(recorder));
  EXPECT_FALSE(recorder.last_sequence(slot));
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < 300; ++i)
    recorder.frame(slot, frame(i, 5000ull * i), us(t0 + std::chrono::microseconds(5000 * i)));
  EXPECT_EQ(recorder.last_sequence(slot), 299u);
  session::LinkStats first;
  first.frames = 300;
  first.crc_errors = 2;
  ASSERT_TRUE(recorder.flush(slot, first));

  // The insole comes back (its clock restarted): same slot, counters continue.
  EXPECT_EQ(recorder.slot_of("SIM-L-0001"), slot);
  EXPECT_EQ(recorder.add_device(left_insole_info(), mapping(recorder)), slot);
  for (std::uint32_t i = 0; i < 100; ++i)
    recorder.frame(slot, frame(i, 5000ull * i),
                   us(t0 + std::chrono::seconds(5) + std::chrono::microseconds(5000 * i)));
  EXPECT_EQ(recorder.last_sequence(slot), 99u);
  session::LinkStats second;
  second.frames = 100;
  second.frames_lost = 1;
  ASSERT_TRUE(recorder.flush(slot, second));
  recorder.finish("complete");

  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  const auto devices = reader.devices(runs[0].id);
  ASSERT_EQ(devices.size(), 1u);  // one run device, not two
  const auto summary = reader.summary(runs[0].id);
  ASSERT_TRUE(summary);
  ASSERT_EQ(summary->sides.size(), 1u);
  EXPECT_EQ(summary->sides[0].link.frames, 400u);
  EXPECT_EQ(summary->sides[0].link.crc_errors, 2u);
  // 1 lost on the link, and the 700 scans of 1.500-4.995 s the restart cost (5 ms apart).
  EXPECT_EQ(summary->sides[0].link.frames_lost, 701u);
  EXPECT_EQ(summary->sides[0].link.frames_lost_restart, 700u);
  EXPECT_EQ(summary->sides[0].link.restarts, 1u);
  EXPECT_EQ(reader.archive_size(runs[0].id).second, 400);  // every frame of both sessions
}

TEST_F(RunBuilderRejoinTest, ARestartMidRunCountsEveryFrameItShouldHaveScannedAsLost) {
  // 200 Hz; the insole streams 0-1.495 s, reboots, and streams again from run time 5.500 s
  // (its clock from 0). The scans of 1.500-5.495 s never existed: 800 frames, lost to a restart.
  auto db = store::open_for_writing(path_.string());
  RunBuilder recorder(*db, 200);
  const int slot = recorder.add_device(left_insole_info(), mapping(recorder));
  const auto t0 =
      std::chrono::steady_clock::time_point(std::chrono::microseconds(recorder.run_start_us()));
  for (std::uint32_t i = 0; i < 300; ++i)
    recorder.frame(slot, frame(i, 1000 + 5000ull * i),
                   us(t0 + std::chrono::microseconds(5000 * i)));
  ASSERT_TRUE(recorder.flush(slot, {}));
  EXPECT_EQ(recorder.add_device(left_insole_info(), mapping(recorder)), slot);
  for (std::uint32_t i = 0; i < 400; ++i)
    recorder.frame(slot, frame(i, 700 + 5000ull * i),
                   us(t0 + std::chrono::milliseconds(5500) + std::chrono::microseconds(5000 * i)));
  session::LinkStats second;
  second.frames = 400;
  ASSERT_TRUE(recorder.flush(slot, second));
  recorder.finish("complete");

  store::RunReader reader(*db);
  const auto summary = reader.summary(reader.runs().at(0).id);
  ASSERT_TRUE(summary);
  const auto& link = summary->sides.at(0).link;
  EXPECT_EQ(link.frames, 400u);  // the first session's stats were empty
  EXPECT_EQ(link.frames_lost, 800u);
  EXPECT_EQ(link.frames_lost_restart, 800u);
  EXPECT_EQ(link.restarts, 1u);
  EXPECT_EQ(link.sequence_gaps, 1u);
}

TEST_F(RunBuilderRejoinTest, AnotherSerialGetsANewSlot) {
  auto db = store::open_for_writing(path_.string());
  RunBuilder recorder(*db, 200);
  const int left = recorder.add_device(left_insole_info(), mapping(recorder));
  auto right = left_insole_info();
  right.set_serial_number("SIM-R-0001");
  right.set_side(insole::v1::SIDE_RIGHT);
  EXPECT_NE(recorder.add_device(right, mapping(recorder)), left);
  EXPECT_FALSE(recorder.slot_of("SIM-X"));
}

// Frames faster than real time (an import, a capture at full speed): more than an hour of
// blocks arrive with nobody calling flush_steps() (the daemon does once a second). Every block
// must reach the database; before, those past kMaxBufferedBlocks were dropped.
class RunBuilderFastImportTest : public RunBuilderRejoinTest {};

TEST_F(RunBuilderFastImportTest, EveryBlockIsStoredWithoutAFlushFromOutside) {
  auto db = store::open_for_writing(path_.string());
  constexpr std::uint32_t kRateHz = 10;  // one-second blocks of 10 frames keep the test quick
  RunBuilder recorder(*db, kRateHz);
  const int slot = recorder.add_device(left_insole_info(), mapping(recorder));
  const std::uint32_t frames = (RunBuilder::kMaxBufferedBlocks + 400) * kRateHz;
  const auto t0 = std::chrono::steady_clock::now();
  for (std::uint32_t i = 0; i < frames; ++i) {
    recorder.frame(slot, frame(i, 100000ull * i), us(t0 + std::chrono::microseconds(i)));
    ASSERT_LT(recorder.buffered_blocks(), RunBuilder::kFlushBlocks + 1) << "frame " << i;
  }
  recorder.finish("complete");
  EXPECT_EQ(recorder.dropped_blocks(), 0u);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  const auto devices = reader.devices(runs[0].id);
  ASSERT_EQ(devices.size(), 1u);
  std::uint64_t stored = 0;
  std::uint32_t next = 0;
  for (const auto& b : reader.frame_blocks(runs[0].id, devices[0].device_id)) {
    EXPECT_EQ(b.first_sequence, next);
    next = b.first_sequence + b.frame_count;
    stored += b.frame_count;
  }
  EXPECT_EQ(stored, frames);
}

}  // namespace
}  // namespace insole::run
