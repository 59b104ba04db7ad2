// Storage on real SQLite files in a fresh temporary directory per test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"

namespace insole::store {
namespace {

namespace fs = std::filesystem;

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("insole-store-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string path(const std::string& name = "insole.db") const { return (dir_ / name).string(); }

  static DeviceRecord device(const std::string& serial, char side) {
    DeviceRecord d;
    d.serial_number = serial;
    d.side = side;
    d.firmware_version = "0.1.0";
    d.protocol_major = 1;
    d.grid_id = "eu42-r1";
    d.sensel_count = 64;
    d.board = "host";
    return d;
  }

  fs::path dir_;
};

TEST_F(StoreTest, NewDatabaseHasCurrentSchemaInWalMode) {
  auto db = open_for_writing(path());
  EXPECT_EQ(db->user_version(), kSchemaVersion);
  Statement s = db->prepare("PRAGMA journal_mode");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_text(0), "wal");
}

TEST_F(StoreTest, WrittenRunReadsBackWithSummary) {
  std::int64_t run = 0;
  {
    auto db = open_for_writing(path());
    RunWriter w(*db);
    const auto left = w.upsert_device(device("SN-L", 'L'));
    const auto right = w.upsert_device(device("SN-R", 'R'));
    EXPECT_EQ(w.upsert_device(device("SN-L", 'L')), left);  // same device, same id
    run = w.begin_run(200);
    w.attach_device(run, left, 'L');
    w.attach_device(run, right, 'R');
    std::vector<StepRecord> steps;
    for (int i = 0; i < 20; ++i) {
      StepRecord s;
      s.side = i % 2 ? 'R' : 'L';
      s.contact_s = 1.0 + 0.35 * i;
      s.toe_off_s = s.contact_s + 0.25;
      s.peak_force_n = s.side == 'L' ? 1500 : 1600;
      s.impulse_ns = 250;
      s.loading_rate_n_per_s = 40000;
      steps.push_back(s);
    }
    w.append(run, steps);
    LinkCounters c;
    c.frames = 1000;
    c.crc_errors = 2;
    c.sequence_gaps = 1;
    c.frames_lost = 3;
    w.update_link(run, left, c);
    w.finish(run, "complete");
  }
  auto db = open_for_reading(path());
  RunReader r(*db);
  const auto runs = r.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_EQ(runs[0].steps_left, 10);
  EXPECT_EQ(runs[0].steps_right, 10);
  EXPECT_FALSE(runs[0].ended_at.empty());
  EXPECT_EQ(r.steps(run, 'R').size(), 10u);
  const auto summary = r.summary(run);
  ASSERT_TRUE(summary);
  EXPECT_NEAR(summary->cadence_spm, 60.0 / 0.35, 0.01);
  EXPECT_NEAR(summary->duration_s, 0.35 * 19 + 0.25, 1e-9);
  ASSERT_EQ(summary->sides.size(), 2u);
  EXPECT_EQ(summary->sides[0].side, 'L');
  EXPECT_EQ(summary->sides[0].serial_number, "SN-L");
  EXPECT_EQ(summary->sides[0].steps, 10);
  EXPECT_DOUBLE_EQ(summary->sides[0].mean_peak_force_n, 1500);
  EXPECT_NEAR(summary->sides[0].mean_contact_time_s, 0.25, 1e-9);
  EXPECT_EQ(summary->sides[0].link.frames, 1000u);
  EXPECT_EQ(summary->sides[0].link.frames_lost, 3u);
  EXPECT_DOUBLE_EQ(summary->sides[1].mean_peak_force_n, 1600);
  EXPECT_FALSE(r.summary(run + 1));
}

TEST_F(StoreTest, RunLeftRecordingIsMarkedInterruptedOnReopen) {
  {
    auto db = open_for_writing(path());
    RunWriter(*db).begin_run(200);
  }
  auto db = open_for_writing(path());
  const auto runs = RunReader(*db).runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "interrupted");
  EXPECT_FALSE(runs[0].ended_at.empty());
}

TEST_F(StoreTest, MissingDirectoryIsAClearError) {
  try {
    open_for_writing(path("no/such/dir/insole.db"));
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("does not exist"), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, ReaderRefusesMissingFileWithoutCreatingIt) {
  EXPECT_THROW(open_for_reading(path("absent.db")), StoreError);
  EXPECT_FALSE(fs::exists(path("absent.db")));
}

TEST_F(StoreTest, NewerSchemaIsRefusedAndLeftUntouched) {
  {
    auto db = open_for_writing(path());
    RunWriter(*db).begin_run(100);
    db->set_user_version(kSchemaVersion + 1);
  }
  try {
    open_for_writing(path());
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("newer insole release"), std::string::npos) << e.what();
  }
  Connection raw(path(), Connection::Mode::kReadOnly);
  Statement s = raw.prepare("SELECT status FROM runs");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_text(0), "recording");  // not rewritten by the refused open
}

TEST_F(StoreTest, FileThatIsNotADatabaseIsAClearError) {
  std::ofstream(path("junk.db")) << std::string(4096, 'x');
  try {
    open_for_writing(path("junk.db"));
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("junk.db"), std::string::npos) << e.what();
  }
}

TEST_F(StoreTest, FailedBatchLeavesEarlierStepsIntact) {
  auto db = open_for_writing(path());
  RunWriter w(*db);
  const auto run = w.begin_run(200);
  StepRecord ok;
  ok.side = 'L';
  w.append(run, std::vector<StepRecord>{ok, ok});
  StepRecord bad = ok;
  bad.side = 'X';  // violates the CHECK constraint: the whole batch must roll back
  EXPECT_THROW(w.append(run, std::vector<StepRecord>{ok, bad}), StoreError);
  EXPECT_EQ(RunReader(*db).steps(run).size(), 2u);
}

}  // namespace
}  // namespace insole::store
