// Erasing a stretch of a stored run (run_erase.h) on a real SQLite file: the frames inside go,
// every frame outside stays bit for bit (blocks across an end are rewritten), and the steps
// overlapping it go; RunBuilder::seal_blocks() first stores the frames still in memory.
#include "insole/run/run_erase.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <map>

#include "insole/run/run_builder.h"
#include "insole/run/run_frames.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "test_insole_info.h"

namespace insole::run {
namespace {

using testing::left_insole_info;

// Frame i carries i in its first sensel, so every frame can be told apart after the erase.
session::SensorFrame frame(std::uint32_t i) {
  session::SensorFrame f;
  f.sequence = i;
  f.device_time_us = 5000ull * i;
  f.counts.assign(64, 0);
  f.counts[0] = static_cast<std::uint16_t>(i);
  f.forces_n.assign(64, 0.0f);
  return f;
}

std::int64_t us(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

// Every stored frame of the run: its first sensel's count (frame number) -> run time.
std::map<int, double> stored_frames(store::Connection& db, std::int64_t run) {
  store::RunReader reader(db);
  RunFrameStream frames(reader, run);
  std::map<int, double> out;
  RunFrame f;
  while (frames.next(f)) out[static_cast<int>(f.forces_n[0] / 0.1f + 0.5f)] = f.t_s;
  return out;
}

class RunEraseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = std::filesystem::temp_directory_path() /
            ("insole-erase-" + std::to_string(getpid()) + ".db");
    TearDown();
  }
  void TearDown() override {
    for (const char* suffix : {"", "-wal", "-shm", "-writer.lock"})
      std::filesystem::remove(path_.string() + suffix);
  }
  std::filesystem::path path_;
};

TEST_F(RunEraseTest, ErasesTheStretchAndKeepsEveryOtherFrame) {
  auto db = store::open_for_writing(path_.string());
  const auto t0 = std::chrono::steady_clock::now();
  RunBuilder recorder(*db, 200, t0);
  const int slot = recorder.add_device(left_insole_info(),
                                       std::make_unique<HostClockMapping>(recorder.run_start_us()));
  for (std::uint32_t i = 0; i < 1030; ++i) {  // 5.15 s: the last 30 frames in a partial block
    recorder.frame(slot, frame(i), us(t0 + std::chrono::microseconds(5000 * i)));
  }
  ASSERT_TRUE(recorder.flush_steps());
  const auto run = *recorder.run_id();
  EXPECT_EQ(stored_frames(*db, run).size(), 1000u);  // the partial block is still in memory
  recorder.seal_blocks();
  ASSERT_TRUE(recorder.flush_steps());
  const auto before = stored_frames(*db, run);
  ASSERT_EQ(before.size(), 1030u);

  store::StepRecord inside, outside;
  inside.contact_s = 1.5;
  inside.toe_off_s = 1.75;
  outside.contact_s = 3.5;
  outside.toe_off_s = 3.75;
  store::RunWriter(*db).append(run, std::vector<store::StepRecord>{inside, outside});

  // A stretch that starts and ends inside one-second blocks.
  const double from = before.at(250), to = before.at(650);
  store::Transaction tx(*db);
  const ErasedStretch erased = erase_run_stretch(*db, run, from, to);
  tx.commit();
  EXPECT_EQ(erased.frames, 401u);
  EXPECT_EQ(erased.blocks_rewritten, 2u);
  const auto after = stored_frames(*db, run);
  EXPECT_EQ(after.size(), 1030u - 401u);
  for (const auto& [n, t] : before) {
    const bool in = n >= 250 && n <= 650;
    EXPECT_EQ(after.count(n), in ? 0u : 1u) << n;
    if (!in) {
      EXPECT_DOUBLE_EQ(after.at(n), t) << n;
    }
  }
  const auto steps = store::RunReader(*db).steps(run);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_DOUBLE_EQ(steps[0].contact_s, 3.5);
}

}  // namespace
}  // namespace insole::run
