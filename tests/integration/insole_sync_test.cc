// A run recorded on the insole with no host, synced by insoled (issue 5): a host-firmware
// insole with a file-backed recording flash runs with nobody listening and records by itself;
// insoled then connects, downloads and verifies the recording, stores it as its own analysed
// run dated when it happened, and frees it on the insole, so the next connection finds nothing.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "insole/store/insole_recordings.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;

// Committed records of the offline recording at the start of the flash file's log (sector 1);
// 0 while there is none (layout: firmware/core/include/insole/fw/recording_store.h).
std::uint32_t offline_records(const std::string& flash_path) {
  std::ifstream in(flash_path, std::ios::binary);
  const std::vector<unsigned char> f((std::istreambuf_iterator<char>(in)), {});
  constexpr std::size_t kHeader = 4096;
  if (f.size() < 2 * kHeader || f[kHeader] != 'I' || f[kHeader + 1] != 'N' || f[kHeader + 34] != 1)
    return 0;
  const std::size_t record = f[kHeader + 6] | f[kHeader + 7] << 8;
  std::uint32_t n = 0;
  while (kHeader + 64 + (n + 1) * record <= f.size() && f[kHeader + 64 + n * record + 7] == 0) ++n;
  return n;
}

class InsoleSyncTest : public ScratchDirTest {};

TEST_F(InsoleSyncTest, ARunRecordedWithNoHostIsImportedThenFreed) {
  const std::string flash = (dir_ / "flash-L").string();
  ChildProcess insole({INSOLE_FW_HOST, "--side", "L", "--cadence", "170", "--flash", flash});
  const auto ready = insole.wait_for_line(contains("link "), 10s);
  ASSERT_TRUE(ready) << insole.output();
  const std::string pty = ready->substr(5);

  // Nobody is listening: the insole records by itself. Wait for 3 s of it (600 frames).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (offline_records(flash) < 600 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(100ms);
  ASSERT_GE(offline_records(flash), 600u);

  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + pty, "--duration", "3"});
  ASSERT_EQ(daemon.wait(60s), 0) << daemon.output();
  EXPECT_NE(daemon.output().find("imported recording"), std::string::npos) << daemon.output();

  {
    auto db = store::open_for_reading(db_);
    store::InsoleRecordings recordings(*db);
    const auto rows = recordings.list();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].state, "erased");
    ASSERT_TRUE(rows[0].run_id);
    EXPECT_GE(rows[0].frame_count, 600u);
    store::RunReader reader(*db);
    const auto runs = reader.runs();
    ASSERT_EQ(runs.size(), 2u);  // the live run and the imported one
    const auto imported = reader.run(*rows[0].run_id);
    ASSERT_TRUE(imported);
    EXPECT_EQ(imported->status, "complete");
    const auto summary = reader.summary(imported->id);
    ASSERT_TRUE(summary);
    ASSERT_EQ(summary->sides.size(), 1u);
    EXPECT_EQ(summary->sides[0].link.frames, rows[0].frame_count);
    // 170 steps/min over both feet: one foot lands every ~0.7 s.
    EXPECT_NEAR(static_cast<double>(summary->sides[0].steps),
                rows[0].frame_count / 200.0 / (120.0 / 170.0), 3.0);
    const auto [bytes, frames] = reader.archive_size(imported->id);
    EXPECT_EQ(static_cast<std::uint32_t>(frames), rows[0].frame_count);
    // Dated when it was recorded: before the live run that synced it.
    for (const auto& run : runs) {
      if (run.id != imported->id) {
        EXPECT_LT(imported->started_at, run.started_at);
      }
    }
  }

  // Connecting again: nothing left to sync.
  ChildProcess again({INSOLED, "--db", db_, "--device", "serial:" + pty, "--duration", "1"});
  ASSERT_EQ(again.wait(60s), 0) << again.output();
  EXPECT_EQ(again.output().find("downloading"), std::string::npos) << again.output();
}

}  // namespace
}  // namespace insole::testing
