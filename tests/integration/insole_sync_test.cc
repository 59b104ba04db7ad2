// A run recorded on the insole with no host, synced by insoled (issue 5): a host-firmware
// insole with a file-backed recording flash runs with nobody listening and records by itself;
// insoled then connects, downloads and verifies the recording, stores it as an analysed run
// dated when it happened (the start of the live run when the insole streamed on into it), and
// frees it on the insole, so the next connection finds nothing.
#include <gtest/gtest.h>
#include <signal.h>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iterator>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "child_process.h"
#include "fake_pty_device.h"
#include "flash_file.h"
#include "insole/archive/frame_block.h"
#include "insole/store/insole_recordings.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"
#include "scripted_insole.h"

// GCC says __SANITIZE_ADDRESS__, clang __has_feature(address_sanitizer).
#if defined(__SANITIZE_ADDRESS__)
#define INSOLE_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define INSOLE_UNDER_ASAN 1
#endif
#endif
#ifndef INSOLE_UNDER_ASAN
#define INSOLE_UNDER_ASAN 0
#endif

namespace insole::testing {
namespace {

using namespace std::chrono_literals;

// Wall-clock µs of an ISO 8601 UTC time as the store writes it ("2026-12-06T13:20:01.123456Z").
std::int64_t wall_us(const std::string& iso) {
  std::tm tm{};
  const char* rest = strptime(iso.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  EXPECT_NE(rest, nullptr) << iso;
  if (rest == nullptr) return 0;
  double fraction = 0;
  if (*rest == '.') fraction = std::strtod(rest, nullptr);
  return static_cast<std::int64_t>(timegm(&tm)) * 1'000'000 +
         static_cast<std::int64_t>(fraction * 1e6);
}

class InsoleSyncTest : public ScratchDirTest {};

// The insole was running before insoled found it: it recorded by itself, then streamed on when
// the host arrived. That is one outing: one run from the insole's first frame, its recording
// freed on the insole (the next connection finds nothing), not a short run plus a second one.
TEST_F(InsoleSyncTest, ARunThePcJoinedLateIsOneRunFromTheInsolesFirstFrame) {
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
  EXPECT_NE(daemon.output().find("before this PC took over"), std::string::npos) << daemon.output();

  {
    auto db = store::open_for_reading(db_);
    store::InsoleRecordings recordings(*db);
    const auto rows = recordings.list();
    ASSERT_EQ(rows.size(), 1u);
    EXPECT_EQ(rows[0].state, "erased");
    ASSERT_TRUE(rows[0].run_id);
    ASSERT_TRUE(rows[0].started_wall_us);
    EXPECT_GE(rows[0].frame_count, 600u);
    store::RunReader reader(*db);
    const auto runs = reader.runs();
    ASSERT_EQ(runs.size(), 1u) << daemon.output();
    EXPECT_EQ(runs[0].id, *rows[0].run_id);
    EXPECT_EQ(runs[0].status, "complete");
    // It began when the insole's recording did (the host's clock and the insole's agree to a
    // few ms), not when insoled arrived.
    ASSERT_TRUE(runs[0].started_at);
#if INSOLE_UNDER_ASAN
    // Under AddressSanitizer insoled answers the insole's clock exchange late enough to put the
    // start 100-130 ms off (seen in CI); the claim is about the product, checked in the
    // ordinary builds, so here it is left out, said, rather than loosened.
    std::printf("[  NOTE    ] run start against the insole's clock: not checked under ASan\n");
#else
    EXPECT_NEAR(static_cast<double>(wall_us(*runs[0].started_at)),
                static_cast<double>(*rows[0].started_wall_us), 100e3);
#endif
    // Every frame, in order: the recording's, then the streamed ones after it.
    const auto devices = reader.devices(runs[0].id);
    ASSERT_EQ(devices.size(), 1u);
    std::int64_t expected = rows[0].first_sequence, breaks = 0, frames = 0;
    for (const auto& block : reader.frame_blocks(runs[0].id, devices[0].device_id)) {
      for (std::uint32_t seq : archive::decode(block.data).sequence) {
        if (seq != expected) ++breaks;
        expected = static_cast<std::int64_t>(seq) + 1;
        ++frames;
      }
    }
    EXPECT_EQ(breaks, 0);
    EXPECT_GT(frames, static_cast<std::int64_t>(rows[0].frame_count) + 400);  // + 3 s streamed
    const auto summary = reader.summary(runs[0].id);
    ASSERT_TRUE(summary);
    ASSERT_EQ(summary->sides.size(), 1u);
    EXPECT_EQ(summary->sides[0].link.frames, static_cast<std::uint64_t>(frames));
    EXPECT_EQ(summary->sides[0].link.frames_lost, 0u);
    // 170 steps/min over both feet: one foot lands every ~0.7 s, over all of it.
    EXPECT_NEAR(static_cast<double>(summary->sides[0].steps),
                static_cast<double>(frames) / 200.0 / (120.0 / 170.0), 3.0);
  }

  // Connecting again: nothing left to sync.
  ChildProcess again({INSOLED, "--db", db_, "--device", "serial:" + pty, "--duration", "1"});
  ASSERT_EQ(again.wait(60s), 0) << again.output();
  EXPECT_EQ(again.output().find("downloading"), std::string::npos) << again.output();
}

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string run_ctl(const std::string& db, std::vector<std::string> args) {
  std::vector<std::string> argv{INSOLECTL, "--db", db};
  argv.insert(argv.end(), args.begin(), args.end());
  ChildProcess ctl(argv);
  EXPECT_EQ(ctl.wait(60s), 0) << ctl.output();
  return ctl.output();
}

// The imported run of one flash recording, from `insolectl runs --json` and the recordings table.
struct ImportedRun {
  nlohmann::json run;
  store::InsoleRecordingRecord recording;
};
std::optional<ImportedRun> imported_run(const std::string& db, std::uint32_t boot,
                                        std::uint32_t min_frames) {
  store::InsoleRecordingRecord found;
  bool any = false;
  {
    auto conn = store::open_for_reading(db);
    for (const auto& row : store::InsoleRecordings(*conn).list()) {
      if (row.key.boot_id == boot && row.frame_count >= min_frames && row.run_id) {
        found = row;
        any = true;
      }
    }
  }
  if (!any) return std::nullopt;
  const auto runs = nlohmann::json::parse(run_ctl(db, {"runs", "--json"}));
  for (const auto& r : runs)
    if (r["id"] == *found.run_id) return ImportedRun{r, found};
  return std::nullopt;
}

class InsoleDatingTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    flash_ = (dir_ / "flash-L").string();
  }
  std::unique_ptr<ChildProcess> start_insole(std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{INSOLE_FW_HOST, "--side",  "L",   "--cadence",
                                  "170",          "--flash", flash_};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto insole = std::make_unique<ChildProcess>(argv);
    const auto ready = insole->wait_for_line(contains("link "), 10s);
    EXPECT_TRUE(ready) << insole->output();
    pty_ = ready ? ready->substr(5) : "";
    return insole;
  }
  // A power cut: the process ends with its recording open, as an insole whose battery is pulled.
  static void power_off(std::unique_ptr<ChildProcess>& insole) {
    insole->signal(SIGKILL);
    insole->wait(10s);
    insole.reset();
  }
  int sync(int seconds = 3, std::vector<std::string> extra = {}) {
    std::vector<std::string> argv{
        INSOLED, "--db", db_, "--device", "serial:" + pty_, "--duration", std::to_string(seconds)};
    argv.insert(argv.end(), extra.begin(), extra.end());
    ChildProcess daemon(argv);
    const auto status = daemon.wait(60s);
    daemon_output_ = daemon.output();
    return status.value_or(-1);
  }
  // Waits for an offline recording of more than `after` recordings' worth; returns the wall
  // clock bracket [last look without it, first look with it] of its first record.
  std::pair<std::int64_t, std::int64_t> wait_for_recording_start(std::size_t after) {
    std::int64_t before = now_us();
    const auto deadline = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto recs = offline_recordings(flash_);
      if (recs.size() > after && recs[after].records > 0) return {before, now_us()};
      before = now_us();
      std::this_thread::sleep_for(20ms);
    }
    ADD_FAILURE() << "no offline recording began";
    return {0, 0};
  }
  void wait_for_records(std::size_t index, std::uint32_t records) {
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (std::chrono::steady_clock::now() < deadline) {
      const auto recs = offline_recordings(flash_);
      if (recs.size() > index && recs[index].records >= records) return;
      std::this_thread::sleep_for(50ms);
    }
    std::string found;
    for (const auto& r : offline_recordings(flash_))
      found += " (boot " + std::to_string(r.boot) + ", " + std::to_string(r.records) + " records" +
               (r.closed ? ", closed)" : ")");
    ADD_FAILURE() << "recording " << index << " never reached " << records
                  << " records; offline recordings:" << found;
  }

  std::string flash_;
  std::string pty_;
  std::string daemon_output_;
};

// Issue 13: a power cycle before the sync used to date the run at the sync, 16 ms long. The
// insole now keeps the wall time a host gave it per boot, so the run is dated when it was
// recorded, over its real span, however many times the insole restarts before the sync.
TEST_F(InsoleDatingTest, ARunIsDatedWhenItWasRecordedAcrossTwoPowerCycles) {
  auto insole = start_insole();
  ASSERT_EQ(sync(1), 0) << daemon_output_;  // a host gives the time

  // The host is gone: 3 s later the insole records the run by itself.
  const auto [before, seen] = wait_for_recording_start(0);
  wait_for_records(0, 600);
  const std::int64_t cut_after = now_us();
  power_off(insole);
  const std::int64_t cut_before = now_us();
  const auto recs = offline_recordings(flash_);
  ASSERT_FALSE(recs.empty());
  const std::uint32_t boot = recs[0].boot;

  insole = start_insole();  // power cycle 1: off again before it meets a host
  power_off(insole);
  insole = start_insole();  // power cycle 2, then the sync
  ASSERT_EQ(sync(), 0) << daemon_output_;

  const auto imported = imported_run(db_, boot, 600);
  ASSERT_TRUE(imported) << daemon_output_;
  const nlohmann::json& run = imported->run;
  ASSERT_TRUE(run["started_at"].is_string()) << run.dump();
  ASSERT_TRUE(run["ended_at"].is_string()) << run.dump();
  // The insole's clock is the host's to within the command's latency (which can only make the
  // date early), and a record exists no sooner than its scan: the run cannot begin after the
  // test first saw it, nor end after the power went. It may seem to begin before the last look
  // that did not see it when the process was descheduled and wrote late (it catches up on up to
  // 2 s of scans), so that side gets a second. A run dated at the sync (the bug) starts seconds
  // after the power cut.
  const std::int64_t started = wall_us(run["started_at"]);
  EXPECT_GE(started, before - 1'000'000) << run.dump();
  EXPECT_LE(started, seen + 50'000) << run.dump();
  // Its real span: every frame recorded, ending when the power went.
  const std::int64_t ended = wall_us(run["ended_at"]);
  EXPECT_NEAR(static_cast<double>(ended - started), imported->recording.frame_count * 5000.0,
              10'000.0);
  EXPECT_LE(ended, cut_before + 50'000) << run.dump();
  EXPECT_GE(ended, cut_after - 2'000'000) << run.dump();
  std::printf(
      "dated: begins %.1f ms before the first look that saw it (the look before: %.1f ms "
      "earlier), ends %.1f ms before the power cut\n",
      (seen - started) / 1000.0, (seen - before) / 1000.0, (cut_before - ended) / 1000.0);
}

// An insole that never met a host since its flash was erased has no idea of the date: its run
// says so (null in JSON, "date unknown" in tables) instead of carrying the sync's date.
TEST_F(InsoleDatingTest, ARunOfAnInsoleThatNeverMetAHostHasNoDate) {
  auto insole = start_insole();
  wait_for_recording_start(0);
  wait_for_records(0, 400);
  power_off(insole);
  const auto recs = offline_recordings(flash_);
  ASSERT_FALSE(recs.empty());
  insole = start_insole();
  ASSERT_EQ(sync(), 0) << daemon_output_;

  const auto imported = imported_run(db_, recs[0].boot, 400);
  ASSERT_TRUE(imported) << daemon_output_;
  const nlohmann::json& run = imported->run;
  EXPECT_TRUE(run["started_at"].is_null()) << run.dump();
  EXPECT_TRUE(run["ended_at"].is_null()) << run.dump();
  ASSERT_TRUE(run["recording_span_s"].is_number()) << run.dump();
  EXPECT_NEAR(run["recording_span_s"].get<double>(), imported->recording.frame_count / 200.0, 0.01);
  const std::string id = std::to_string(run["id"].get<long long>());
  const std::string table = run_ctl(db_, {"runs"});
  std::istringstream lines(table);
  bool said = false;
  const std::string row = std::string(5 - id.size(), ' ') + id + "  ";  // the RUN column
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(row, 0) == 0) said = line.find("date unknown") != std::string::npos;
  EXPECT_TRUE(said) << table;
  EXPECT_NE(run_ctl(db_, {"summary", id}).find("date unknown"), std::string::npos);
}

// Issue 13: a run longer than the flash holds was cut silently. The runner sets a lower
// recording rate (kept by the insole across power cycles), and a recording the full flash
// stopped says so in every report.
TEST_F(InsoleDatingTest, ALowerRecordingRateIsKeptAndAFullFlashCutIsReported) {
  // 64 KiB: 15 log sectors, 14 of them usable by one recording: 545 records, 5.4 s at 100 Hz.
  auto insole = start_insole({"--flash-kib", "64"});
  ASSERT_EQ(sync(1, {"--recording-rate", "100"}), 0) << daemon_output_;
  power_off(insole);
  insole = start_insole({"--flash-kib", "64"});  // the rate survives a power cycle

  // The offline recording begins after the journal of the session just held (if any).
  std::size_t before = offline_recordings(flash_).size();
  wait_for_recording_start(before);
  const auto deadline = std::chrono::steady_clock::now() + 60s;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto recs = offline_recordings(flash_);
    if (recs.size() > before && recs[before].closed) break;
    std::this_thread::sleep_for(100ms);
  }
  auto recs = offline_recordings(flash_);
  ASSERT_GT(recs.size(), before);
  ASSERT_TRUE(recs[before].closed) << "the full flash did not end the recording";
  EXPECT_EQ(recs[before].rate_hz, 100u);
  ASSERT_EQ(sync(), 0) << daemon_output_;

  const auto imported = imported_run(db_, recs[before].boot, 100);
  ASSERT_TRUE(imported) << daemon_output_;
  EXPECT_EQ(imported->run["sample_rate_hz"], 100);
  EXPECT_EQ(imported->run["truncated"], true) << imported->run.dump();
  const std::string id = std::to_string(imported->run["id"].get<long long>());
  EXPECT_NE(run_ctl(db_, {"summary", id}).find("insole memory full"), std::string::npos);
  const auto summary = nlohmann::json::parse(run_ctl(db_, {"summary", id, "--json"}));
  EXPECT_EQ(summary["sides"]["L"]["recording_end"], "flash_full") << summary.dump();
  EXPECT_NE(run_ctl(db_, {"runs"}).find("memory full"), std::string::npos);
}

// Minor versions interoperate: insoled gives the clock and the recording rate to a 1.2 insole,
// before it lists recordings or starts streaming, and sends a 1.1 insole neither (it would answer
// BAD_COMMAND), saying why the rate cannot be set.
class ClockAndRateCommandsTest : public ScratchDirTest,
                                 public ::testing::WithParamInterface<std::uint32_t> {};

TEST_P(ClockAndRateCommandsTest, OnlyInsolesThatSpeak12GetThem) {
  const std::uint32_t minor = GetParam();
  std::mutex mutex;
  std::vector<insole::v1::Command> seen;
  FakePtyDevice device([&](const insole::v1::Command& c) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      seen.push_back(c);
    }
    insole::v1::DeviceMessage m;
    if (c.has_request_info()) {
      m = scripted_info("L-FAKE-1");
      m.mutable_info()->set_protocol_minor(minor);
    } else if (c.has_request_status()) {
      m.mutable_status()->set_state(insole::v1::STATE_STREAMING);
    } else if (c.has_list_recordings()) {
      m.mutable_recording_list()->set_total(0);
    } else {
      m.mutable_ack();
    }
    m.set_in_reply_to(c.request_id());
    return std::vector<insole::v1::DeviceMessage>{m};
  });
  const std::int64_t before = now_us();
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + device.path(), "--duration",
                       "1", "--recording-rate", "100"});
  ASSERT_TRUE(daemon.wait(30s)) << daemon.output();
  const std::int64_t after = now_us();

  std::lock_guard<std::mutex> lock(mutex);
  int clock_at = -1, rate_at = -1, start_at = -1, list_at = -1;
  for (int i = 0; i < static_cast<int>(seen.size()); ++i) {
    const auto& c = seen[static_cast<std::size_t>(i)];
    if (c.has_set_clock() && clock_at < 0) {
      clock_at = i;
      EXPECT_GE(static_cast<std::int64_t>(c.set_clock().unix_time_us()), before);
      EXPECT_LE(static_cast<std::int64_t>(c.set_clock().unix_time_us()), after);
    }
    if (c.has_set_recording_rate() && rate_at < 0) {
      rate_at = i;
      EXPECT_EQ(c.set_recording_rate().sample_rate_hz(), 100u);
    }
    if (c.has_start_streaming() && start_at < 0) start_at = i;
    if (c.has_list_recordings() && list_at < 0) list_at = i;
  }
  ASSERT_GE(start_at, 0) << daemon.output();
  ASSERT_GE(list_at, 0) << daemon.output();
  if (minor >= 2) {
    ASSERT_GE(clock_at, 0) << daemon.output();
    ASSERT_GE(rate_at, 0) << daemon.output();
    EXPECT_LT(clock_at, start_at);
    EXPECT_LT(clock_at, list_at);
  } else {
    EXPECT_LT(clock_at, 0);
    EXPECT_LT(rate_at, 0);
    EXPECT_NE(daemon.output().find("cannot be given a recording rate"), std::string::npos)
        << daemon.output();
  }
}

INSTANTIATE_TEST_SUITE_P(Minor, ClockAndRateCommandsTest, ::testing::Values(1u, 2u));

}  // namespace
}  // namespace insole::testing
