// The spine end to end: two host-firmware insoles (left, right) on real ptys, insoled recording
// into a real SQLite file, insolectl reading it back.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "child_process.h"
#include "fake_pty_device.h"
#include "insole/run/run_frames.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

class PipelineTest : public ScratchDirTest {
 protected:
  // Starts a simulated insole and returns the pty path from its ready line.
  std::string start_insole(std::unique_ptr<ChildProcess>& proc, const char* side) {
    proc = std::make_unique<ChildProcess>(
        std::vector<std::string>{INSOLE_FW_HOST, "--side", side, "--cadence", "170", "--mass", "70",
                                 "--seed", side[0] == 'L' ? "1" : "2"});
    const auto line =
        proc->wait_for_line([](const auto& l) { return starts_with(l, "link "); }, 10s);
    EXPECT_TRUE(line) << proc->output();
    return line ? line->substr(5) : "";
  }
};

TEST_F(PipelineTest, PairOfInsolesRecordsARunWithPlausibleSteps) {
  std::unique_ptr<ChildProcess> left, right;
  const std::string left_pty = start_insole(left, "L");
  const std::string right_pty = start_insole(right, "R");
  ASSERT_FALSE(left_pty.empty());
  ASSERT_FALSE(right_pty.empty());

  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + left_pty, "--device",
                       "serial:" + right_pty, "--duration", "8"});
  const auto status = daemon.wait(60s);
  ASSERT_TRUE(status) << daemon.output();
  ASSERT_EQ(*status, 0) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("SIM-L-0001 (L"), std::string::npos) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("SIM-R-0001 (R"), std::string::npos) << daemon.output();

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
  const auto summary = reader.summary(runs[0].id);
  ASSERT_TRUE(summary);
  ASSERT_EQ(summary->sides.size(), 2u);
  // 8 s at 170 steps/min is ~11 steps per foot; the first ~0.1 s is zero capture.
  for (const auto& side : summary->sides) {
    SCOPED_TRACE(side.side);
    EXPECT_GE(side.steps, 9);
    EXPECT_LE(side.steps, 13);
    EXPECT_NEAR(side.mean_contact_time_s, 0.25, 0.03);
    // A 70 kg runner: active peak 2-3 times body weight.
    EXPECT_GT(side.mean_peak_force_n, 2.0 * 70 * 9.81);
    EXPECT_LT(side.mean_peak_force_n, 3.2 * 70 * 9.81);
    // 8 s at 200 Hz. The run's ends depend on process start-up on a busy machine, so the lower
    // bound is loose, and the frames an insole scanned during the handshake come on top (a
    // sanitized insoled takes longer over it: up to 1653 seen); the link itself must lose
    // nothing (frames_lost below) and double nothing (each sequence number once, below).
    EXPECT_GE(static_cast<double>(side.link.frames), 8 * 200 * 0.75);
    EXPECT_LE(static_cast<double>(side.link.frames), 9 * 200);
    EXPECT_EQ(side.link.crc_errors, 0u);
    EXPECT_EQ(side.link.frames_lost, 0u);
  }
  // Left and right alternate: half a stride apart, on one clock.
  const auto steps = reader.steps(runs[0].id);
  ASSERT_EQ(static_cast<std::int64_t>(steps.size()),
            summary->sides[0].steps + summary->sides[1].steps);
  int alternations = 0;
  for (size_t i = 1; i < steps.size(); ++i) alternations += steps[i].side != steps[i - 1].side;
  EXPECT_GE(alternations, static_cast<int>(steps.size()) - 3);

  ChildProcess ctl({INSOLECTL, "--db", db_, "summary", "last", "--json"});
  ASSERT_EQ(ctl.wait(20s), 0) << ctl.output();
  const auto json = nlohmann::json::parse(ctl.output());
  EXPECT_EQ(json["status"], "complete");
  EXPECT_NEAR(json["cadence_spm"].get<double>(), 170, 3);
  EXPECT_EQ(json["sides"]["L"]["steps"], summary->sides[0].steps);
  EXPECT_EQ(json["sides"]["R"]["serial_number"], "SIM-R-0001");
  // The findings the runner was told are stored with the run, as the summary computes them.
  // The summary splits them into findings to work on and information (pronation): together
  // they are what was stored.
  const auto stored_alerts = reader.alerts(runs[0].id);
  ASSERT_TRUE(json.contains("analysis"));
  std::multiset<std::string> stored_codes, summary_codes;
  for (const auto& a : stored_alerts) {
    stored_codes.insert(a.code);
    EXPECT_FALSE(a.advice.empty());
  }
  for (const char* part : {"alerts", "information"})
    for (const auto& a : json["analysis"][part]) summary_codes.insert(a["code"].get<std::string>());
  EXPECT_EQ(stored_codes, summary_codes);

  ChildProcess table({INSOLECTL, "--db", db_, "steps", std::to_string(runs[0].id), "--side", "L"});
  ASSERT_EQ(table.wait(20s), 0) << table.output();
  EXPECT_NE(table.output().find("CONTACT s"), std::string::npos);

  // Every frame is archived, losslessly and compactly, and the run can be re-analysed from it.
  const auto [archive_bytes, archived_frames] = reader.archive_size(runs[0].id);
  const auto received = summary->sides[0].link.frames + summary->sides[1].link.frames;
  EXPECT_EQ(static_cast<std::uint64_t>(archived_frames), received);
  {
    // Each side's archived sequence numbers: every one from the first to the last, once.
    std::map<char, std::set<std::uint32_t>> sequences;
    std::map<char, std::size_t> frames_per_side;
    run::RunFrameStream frames(reader, runs[0].id);
    run::RunFrame f;
    while (frames.next(f)) {
      sequences[f.side].insert(f.sequence);
      ++frames_per_side[f.side];
    }
    ASSERT_EQ(sequences.size(), 2u);
    for (const auto& [side, seqs] : sequences) {
      SCOPED_TRACE(side);
      EXPECT_EQ(seqs.size(), frames_per_side[side]);               // none twice
      EXPECT_EQ(*seqs.rbegin() - *seqs.begin() + 1, seqs.size());  // none missing
    }
  }
  EXPECT_LT(archive_bytes * 5.5, archived_frames * 64 * 2) << "archive ratio below 5.5x";
  ChildProcess reanalyse({INSOLECTL, "--db", db_, "reanalyse", std::to_string(runs[0].id)});
  ASSERT_EQ(reanalyse.wait(30s), 0) << reanalyse.output();
  {
    auto db2 = store::open_for_reading(db_);
    const auto again = store::RunReader(*db2).steps(runs[0].id);
    EXPECT_NEAR(static_cast<double>(again.size()), static_cast<double>(steps.size()), 2.0);
  }
  // Exported frames and layout are the analysis CSV interface: insolectl analyze reads them.
  ChildProcess frames_out({INSOLECTL, "--db", db_, "export", "last", "--frames"});
  ASSERT_EQ(frames_out.wait(30s), 0);
  ChildProcess layout_out({INSOLECTL, "--db", db_, "export", "last", "--layout"});
  ASSERT_EQ(layout_out.wait(30s), 0);
  const std::string csv = (dir_ / "frames.csv").string(), layout = (dir_ / "layout.json").string();
  std::ofstream(csv) << frames_out.output();
  std::ofstream(layout) << layout_out.output();
  ChildProcess analyze({INSOLECTL, "analyze", "--layout", layout, csv, "--json"});
  ASSERT_EQ(analyze.wait(60s), 0) << analyze.stderr_text();
  const std::string out = analyze.output();
  const auto last_line = out.substr(out.find_last_of('\n', out.size() - 2) + 1);
  const auto offline = nlohmann::json::parse(last_line);
  EXPECT_NEAR(offline["steps"]["L"].get<double>(), static_cast<double>(summary->sides[0].steps),
              2.0);
}

TEST_F(PipelineTest, CorruptedLineCountsCrcErrorsAndStillRecordsSteps) {
  std::unique_ptr<ChildProcess> left;
  const std::string left_pty = start_insole(left, "L");
  ASSERT_FALSE(left_pty.empty());
  CorruptingRelay relay(left_pty, 1500);  // one flipped bit every ~13 frames

  ChildProcess daemon(
      {INSOLED, "--db", db_, "--device", "serial:" + relay.path(), "--duration", "6"});
  ASSERT_EQ(daemon.wait(60s), 0) << daemon.output();
  EXPECT_GT(relay.corrupted(), 10u);

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto summary = reader.summary(reader.runs().at(0).id);
  ASSERT_TRUE(summary);
  ASSERT_EQ(summary->sides.size(), 1u);
  const auto& side = summary->sides[0];
  EXPECT_GT(side.link.crc_errors + side.link.malformed, 5u);
  // Each damaged frame is one lost sequence number: the loss is visible, not silent.
  EXPECT_GT(side.link.frames_lost, 5u);
  EXPECT_GE(side.steps, 5);
}

TEST_F(PipelineTest, UnpluggedInsoleKeepsItsStepsAndTheOtherFootGoesOn) {
  std::unique_ptr<ChildProcess> left, right;
  const std::string left_pty = start_insole(left, "L");
  const std::string right_pty = start_insole(right, "R");
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + left_pty, "--device",
                       "serial:" + right_pty, "--duration", "7", "--verbose"});
  // Wait until the left foot has three recorded steps, then pull the plug on it.
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(daemon.wait_for_line(
        [](const auto& l) { return l.find("step L contact") != std::string::npos; }, 20s, true))
        << daemon.output();
  }
  left.reset();  // SIGKILL: the pty's device side vanishes
  const auto lost = daemon.wait_for_line(
      [&](const auto& l) {
        return l.find("link serial:" + left_pty + " lost") != std::string::npos;
      },
      10s, true);
  ASSERT_TRUE(lost) << daemon.output();
  // An insole unplugged is how runs end: said in plain words, not logged as an error.
  EXPECT_EQ(lost->find("error"), std::string::npos) << *lost;
  EXPECT_NE(lost->find("(the insole was unplugged or switched off)"), std::string::npos) << *lost;
  ASSERT_EQ(daemon.wait(60s), 0) << daemon.output();

  auto db = store::open_for_reading(db_);
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_GE(runs[0].steps_left, 3);
  EXPECT_GT(runs[0].steps_right, runs[0].steps_left + 2);  // the right foot ran on
}

TEST_F(PipelineTest, SigkillMidRunLosesAtMostTheLastSecond) {
  std::unique_ptr<ChildProcess> left;
  const std::string left_pty = start_insole(left, "L");
  ASSERT_FALSE(left_pty.empty());
  auto daemon = std::make_unique<ChildProcess>(std::vector<std::string>{
      INSOLED, "--db", db_, "--device", "serial:" + left_pty, "--verbose"});
  ASSERT_TRUE(daemon->wait_for_line(
      [](const auto& l) { return l.find("streaming at 200 Hz") != std::string::npos; }, 20s, true))
      << daemon->output();
  const auto streaming = std::chrono::steady_clock::now();
  int logged = 0;
  for (; logged < 10; ++logged) {
    ASSERT_TRUE(daemon->wait_for_line(
        [](const auto& l) { return l.find("step L contact") != std::string::npos; }, 20s, true))
        << daemon->output();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - streaming).count();
  daemon->signal(SIGKILL);
  ASSERT_EQ(daemon->wait(10s), 128 + SIGKILL);
  daemon.reset();

  // insolectl (read-only) tells it apart from a run being recorded, and re-analyses it (closing
  // it as interrupted) once no writer holds the file.
  {
    ChildProcess runs({INSOLECTL, "--db", db_, "runs", "--json"});
    ASSERT_EQ(runs.wait(30s), 0) << runs.output();
    const auto list = nlohmann::json::parse(runs.output());
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(list[0]["status"], "interrupted-pending");
    ChildProcess table({INSOLECTL, "--db", db_, "runs"});
    ASSERT_EQ(table.wait(30s), 0) << table.output();
    EXPECT_NE(table.output().find("interrupted-pending"), std::string::npos) << table.output();
    ChildProcess reanalyse({INSOLECTL, "--db", db_, "reanalyse", "last"});
    EXPECT_EQ(reanalyse.wait(60s), 0) << reanalyse.output();
    EXPECT_NE(reanalyse.output().find("marked interrupted"), std::string::npos)
        << reanalyse.output();
  }

  // The next start (open for writing) finds an intact database, the run closed as interrupted.
  auto db = store::open_for_writing(db_);
  {
    store::Statement check = db->prepare("PRAGMA integrity_check");
    ASSERT_TRUE(check.step());
    EXPECT_EQ(check.column_text(0), "ok");
  }
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "interrupted");
  EXPECT_FALSE(runs[0].ended_at.empty());
  // Writes are committed every second: at most ~3 steps (one foot at 170 steps/min over both
  // feet) and 1 s of frames may be missing.
  EXPECT_GE(runs[0].steps_left, logged - 3);
  const auto [bytes, frames] = reader.archive_size(runs[0].id);
  EXPECT_GT(bytes, 0);
  EXPECT_GE(static_cast<double>(frames), (seconds - 1.5) * 200) << seconds << " s streamed";
  // And the surviving archive re-analyses.
  ChildProcess reanalyse({INSOLECTL, "--db", db_, "reanalyse", std::to_string(runs[0].id)});
  EXPECT_EQ(reanalyse.wait(30s), 0) << reanalyse.output();
}

TEST_F(PipelineTest, FullDatabaseKeepsWhatWasWrittenAndSaysSo) {
  std::int64_t filler_bytes = 0;
  {  // Earlier data filling most of the space the run will have.
    auto db = store::open_for_writing(db_);
    db->exec("CREATE TABLE earlier (b BLOB); INSERT INTO earlier VALUES (zeroblob(2000000))");
    store::Statement size =
        db->prepare("SELECT page_count * page_size FROM pragma_page_count, pragma_page_size");
    size.step();
    filler_bytes = size.column_int(0);
  }
  std::unique_ptr<ChildProcess> left;
  const std::string left_pty = start_insole(left, "L");
  ASSERT_FALSE(left_pty.empty());
  // Room for a few seconds of the run, then the "disk" is full.
  const std::string cap_mb =
      std::to_string((static_cast<double>(filler_bytes) + 24 * 1024) / (1024 * 1024));
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + left_pty, "--duration", "8",
                       "--db-max-mb", cap_mb});
  const auto status = daemon.wait(60s);
  ASSERT_TRUE(status) << daemon.output();
  EXPECT_EQ(*status, 1) << daemon.output();  // the run could not be closed: said, not hidden
  const std::string err = daemon.stderr_text();
  EXPECT_NE(err.find("database or disk is full"), std::string::npos) << err;
  EXPECT_NE(err.find("kept in memory"), std::string::npos) << err;

  auto db = store::open_for_writing(db_);
  store::Statement check = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.column_text(0), "ok");
  store::Statement earlier = db->prepare("SELECT length(b) FROM earlier");
  ASSERT_TRUE(earlier.step());
  EXPECT_EQ(earlier.column_int(0), 2000000);  // nothing already written is damaged
  store::RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "interrupted");
  const auto [bytes, frames] = reader.archive_size(runs[0].id);
  EXPECT_GT(frames, 0);        // what fitted was kept
  EXPECT_LT(frames, 8 * 200);  // and the rest did not fit
}

TEST_F(PipelineTest, SigtermEndsTheRunCleanly) {
  std::unique_ptr<ChildProcess> left;
  const std::string left_pty = start_insole(left, "L");
  ASSERT_FALSE(left_pty.empty());
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + left_pty});
  ASSERT_TRUE(daemon.wait_for_line(
      [](const auto& l) { return l.find("streaming at 200 Hz") != std::string::npos; }, 20s, true))
      << daemon.output();
  daemon.signal(SIGTERM);
  ASSERT_EQ(daemon.wait(20s), 0) << daemon.output();
  auto db = store::open_for_reading(db_);
  const auto runs = store::RunReader(*db).runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
}

// insoled --capture-dir keeps each insole's bytes with their arrival times; replaying the two
// captures, at full speed, into another database gives the live run's steps.
TEST_F(PipelineTest, ARunReplayedFromItsCapturesGivesTheLiveSteps) {
  std::unique_ptr<ChildProcess> left, right;
  const std::string left_pty = start_insole(left, "L");
  const std::string right_pty = start_insole(right, "R");
  ASSERT_FALSE(left_pty.empty());
  ASSERT_FALSE(right_pty.empty());
  const fs::path captures = fs::path(db_).parent_path() / "captures";
  fs::create_directories(captures);
  ChildProcess live({INSOLED, "--db", db_, "--device", "serial:" + left_pty, "--device",
                     "serial:" + right_pty, "--duration", "6", "--capture-dir", captures.string()});
  ASSERT_EQ(live.wait(60s), 0) << live.output();
  std::vector<std::string> argv = {INSOLED, "--db", db_ + ".replay"};
  int files = 0;
  for (const auto& f : fs::directory_iterator(captures)) {
    argv.insert(argv.end(), {"--device", "replay:" + f.path().string() + "?speed=full"});
    ++files;
  }
  ASSERT_EQ(files, 2);
  ChildProcess replay(argv);
  ASSERT_EQ(replay.wait(60s), 0) << replay.output();

  auto live_db = store::open_for_reading(db_);
  auto replay_db = store::open_for_reading(db_ + ".replay");
  const auto live_steps = store::RunReader(*live_db).steps(1);
  const auto replay_steps = store::RunReader(*replay_db).steps(1);
  ASSERT_GE(live_steps.size(), 10u);  // 6 s at 170 steps/min
  ASSERT_EQ(replay_steps.size(), live_steps.size());
  // A run's time 0 is its first device's answer, and at full speed the replay may take the
  // other insole's handshake first: the times may all move by the two handshakes' distance (a
  // few ms), so they are compared from the first step on. The capture stamps a read a few µs
  // from where the live session did.
  const double live_t0 = live_steps[0].contact_s, replay_t0 = replay_steps[0].contact_s;
  EXPECT_NEAR(replay_t0, live_t0, 0.050);
  for (std::size_t i = 0; i < live_steps.size(); ++i) {
    EXPECT_EQ(replay_steps[i].side, live_steps[i].side) << i;
    EXPECT_NEAR(replay_steps[i].contact_s - replay_t0, live_steps[i].contact_s - live_t0, 0.001)
        << i;
    EXPECT_NEAR(replay_steps[i].toe_off_s - replay_t0, live_steps[i].toe_off_s - live_t0, 0.001)
        << i;
    EXPECT_NEAR(replay_steps[i].peak_force_n, live_steps[i].peak_force_n, 0.5) << i;
  }
}

}  // namespace
}  // namespace insole::testing
