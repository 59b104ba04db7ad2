// Zero loss across unplugs (issue 6): two host-firmware insoles with their recording flash,
// insoled as a service, and the left insole unplugged and plugged in again many times through
// an UnplugRelay (its pty and by-id link vanish; the insole keeps running and journaling).
// Every frame the insole scanned while unplugged must be back in the run, in order: the
// archive holds each insole's sequence numbers without a gap or a repeat, and the run records
// the frames recovered and zero lost. INSOLE_UNPLUG_CYCLES sets the number of cycles (100).
#include <gtest/gtest.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "child_process.h"
#include "fake_pty_device.h"
#include "flash_file.h"
#include "insole/archive/frame_block.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;

class UnplugTest : public ScratchDirTest {
 protected:
  std::string start_insole(std::unique_ptr<ChildProcess>& proc, const char* side,
                           const std::string& link_path) {
    std::vector<std::string> argv{INSOLE_FW_HOST,
                                  "--side",
                                  side,
                                  "--cadence",
                                  "170",
                                  "--flash",
                                  (dir_ / (std::string("flash-") + side)).string()};
    if (!link_path.empty()) {
      argv.push_back("--link-path");
      argv.push_back(link_path);
    }
    proc = std::make_unique<ChildProcess>(argv);
    const auto line = proc->wait_for_line(contains("link "), 10s);
    EXPECT_TRUE(line) << proc->output();
    return line ? line->substr(5) : "";
  }
};

TEST_F(UnplugTest, HundredUnplugsLoseNoFrame) {
  int cycles = 100;
  if (const char* env = std::getenv("INSOLE_UNPLUG_CYCLES")) cycles = std::atoi(env);
  const std::string config = (dir_ / "insoled.conf").string();
  std::ofstream(config) << "database = " << db_
                        << "\nusb = off\nserial_glob = " << (dir_ / "insole-*").string()
                        << "\nrun_idle_end_s = 60\nlog_level = debug\n";
  std::unique_ptr<ChildProcess> left, right;
  const std::string left_pty = start_insole(left, "L", "");
  ASSERT_FALSE(left_pty.empty());
  UnplugRelay relay(left_pty, (dir_ / "insole-L").string());
  ASSERT_FALSE(start_insole(right, "R", (dir_ / "insole-R").string()).empty());

  // Running before insoled is there: each insole records by itself (a second of it here), and
  // that start of the run must end up in the same run (run/recorded_start.h).
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while ((offline_records((dir_ / "flash-L").string()) < 200 ||
          offline_records((dir_ / "flash-R").string()) < 200) &&
         std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(50ms);
  ChildProcess daemon({INSOLED, "--config", config});
  // Both streaming, in whichever order they were found.
  ASSERT_TRUE(daemon.wait_for_line(contains("SIM-L-0001 (L"), 20s, true)) << daemon.output();
  if (daemon.output().find("SIM-R-0001 (R") == std::string::npos) {
    ASSERT_TRUE(daemon.wait_for_line(contains("SIM-R-0001 (R"), 20s, true)) << daemon.output();
  }

  // The left insole's first frames are in the run (so a reconnect has a place to resume from).
  ASSERT_TRUE(daemon.wait_for_line(contains("step L"), 20s, true)) << daemon.output();
  for (int i = 0; i < cycles; ++i) {
    relay.unplug();
    // Seen by a read (end of file) or a write (I/O error), whichever comes first; an unplug is
    // how runs end, so it is said in plain words, not logged as an error.
    ASSERT_TRUE(daemon.wait_for_line(
        [](const std::string& l) {
          return l.find("(the insole was unplugged or switched off)") != std::string::npos &&
                 l.find("insole-L") != std::string::npos && l.find("error: ") == std::string::npos;
        },
        20s, true))
        << "cycle " << i << "\n"
        << daemon.output();
    relay.replug();
    ASSERT_TRUE(daemon.wait_for_line(contains("SIM-L-0001 (L"), 20s, true)) << "cycle " << i << "\n"
                                                                            << daemon.output();
    // Plugged in until what it scanned while away is back (a real unplug lasts longer than the
    // time it takes to notice one), then out again.
    ASSERT_TRUE(daemon.wait_for_line(contains("insole-L says: dropout recovered"), 20s, true))
        << "cycle " << i << "\n"
        << daemon.output();
  }
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(30s), 0) << daemon.output();
  EXPECT_GT(relay.bytes_dropped(), 0u);  // the insole did talk into the void
  EXPECT_NE(daemon.output().find("before this PC took over"), std::string::npos) << daemon.output();

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u) << daemon.output();
  const auto devices = reader.devices(runs[0].id);
  ASSERT_EQ(devices.size(), 2u);
  const auto summary = reader.summary(runs[0].id);
  ASSERT_TRUE(summary);
  for (const auto& side : summary->sides) {
    SCOPED_TRACE(std::string(1, side.side));
    EXPECT_EQ(side.link.frames_lost, 0u) << daemon.output();
    std::printf(
        "unplug_test: %c: %llu frames, %llu re-read from the journal, %llu lost, %d unplugs\n",
        side.side, static_cast<unsigned long long>(side.link.frames),
        static_cast<unsigned long long>(side.link.frames_recovered),
        static_cast<unsigned long long>(side.link.frames_lost), cycles);
    if (side.side == 'L') {
      EXPECT_GT(side.link.frames_recovered, static_cast<std::uint64_t>(cycles) * 50);
    }
  }
  for (const auto& device : devices) {
    SCOPED_TRACE(device.serial_number);
    std::int64_t expected = -1, frames = 0, breaks = 0;
    for (const auto& block : reader.frame_blocks(runs[0].id, device.device_id)) {
      const archive::FrameBlock decoded = archive::decode(block.data);
      for (std::uint32_t s : decoded.sequence) {
        if (expected >= 0 && s != expected) ++breaks;
        expected = static_cast<std::int64_t>(s) + 1;
        ++frames;
      }
    }
    EXPECT_EQ(breaks, 0) << "sequence numbers skipped or repeated in the archive";
    if (breaks != 0) store::open_for_reading(db_)->exec("VACUUM INTO '/tmp/unplug_test_failed.db'");
    EXPECT_GT(frames, 200 * cycles / 2);
  }
}

}  // namespace
}  // namespace insole::testing
