// Storage on real SQLite files in a fresh temporary directory per test.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "insole/store/insole_recordings.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/step_rows.h"

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

  template <typename F>
  static std::string error_of(F&& f) {
    try {
      f();
    } catch (const StoreError& e) {
      return e.what();
    }
    return "(no error)";
  }

  fs::path dir_;
};

TEST_F(StoreTest, AWriteInsideATransactionGoesWithIt) {
  // Writer calls that open their own transaction can be made all or nothing together.
  auto db = open_for_writing(path());
  RunWriter writer(*db);
  {
    Transaction outer(*db);
    const std::int64_t run = writer.begin_run(200);
    writer.append(run, std::vector<StepRecord>(3));  // its own Transaction: a savepoint here
    // outer is never committed: the run and its steps roll back with it.
  }
  EXPECT_TRUE(RunReader(*db).runs().empty());
  {
    Transaction outer(*db);
    const std::int64_t run = writer.begin_run(200);
    writer.append(run, std::vector<StepRecord>(3));
    outer.commit();
  }
  const auto runs = RunReader(*db).runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(RunReader(*db).steps(runs[0].id).size(), 3u);
}

TEST_F(StoreTest, ARunLastsFromFirstContactToLastToeOffAndKeepsItsRawSpan) {
  // Recorded 53 s: the runner ran from 4.0 s to 42.0 s and insoled waited 11 s for more.
  auto db = open_for_writing(path());
  RunWriter writer(*db);
  const std::int64_t run = writer.begin_run(200);
  std::vector<StepRecord> steps(2);
  steps[0].side = 'L';
  steps[0].contact_s = 4.0;
  steps[0].toe_off_s = 4.25;
  steps[1].side = 'R';
  steps[1].contact_s = 41.7;
  steps[1].toe_off_s = 42.0;
  writer.append(run, steps);
  writer.finish(run, "complete");
  writer.set_started_at(run, "2026-12-06T10:00:00.000Z");
  writer.set_ended_at(run, "2026-12-06T10:00:53.000Z");
  const auto r = RunReader(*db).run(run);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->duration_s, 38.0, 1e-9);
  ASSERT_TRUE(r->recording_span_s);
  EXPECT_NEAR(*r->recording_span_s, 53.0, 1e-3);
  // While recording there is no span yet.
  const std::int64_t open = writer.begin_run(200);
  EXPECT_FALSE(RunReader(*db).run(open)->recording_span_s);
  EXPECT_EQ(RunReader(*db).run(open)->duration_s, 0.0);
}

// Issue 13: schema 9 lets a run have no date (recorded on an insole in a boot no host saw) and
// keeps why each insole's recording ended; a schema 8 file keeps every run, step and reference.
TEST_F(StoreTest, MigratesASchema8DatabaseSoARunMayHaveNoDate) {
  std::int64_t run = 0;
  {
    auto db = open_for_writing(path());
    RunWriter writer(*db);
    const std::int64_t insole = writer.upsert_device(device("SIM-L-0001", 'L'));
    run = writer.begin_run(200);
    writer.attach_device(run, insole, 'L');
    writer.append(run, std::vector<StepRecord>(3));
    writer.finish(run, "complete");
    writer.set_started_at(run, "2026-12-06T10:00:00.000Z");
    // Back to schema 8: runs.started_at NOT NULL, no run_devices.recording_end.
    db->exec(R"sql(
CREATE TABLE runs_v8 (
  id INTEGER PRIMARY KEY,
  started_at TEXT NOT NULL,
  ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted')),
  sample_rate_hz INTEGER NOT NULL,
  shoe_id INTEGER REFERENCES shoes (id),
  distance_m REAL CHECK (distance_m IS NULL OR distance_m > 0),
  body_mass_kg REAL CHECK (body_mass_kg IS NULL OR body_mass_kg > 0));
PRAGMA foreign_keys = OFF;
INSERT INTO runs_v8 SELECT id, started_at, ended_at, status, sample_rate_hz, shoe_id, distance_m,
  body_mass_kg FROM runs;
DROP TABLE runs;
ALTER TABLE runs_v8 RENAME TO runs;
CREATE INDEX runs_by_shoe ON runs (shoe_id, started_at);
ALTER TABLE run_devices DROP COLUMN recording_end;
DROP TRIGGER steps_insert_drops_digest; DROP TRIGGER steps_delete_drops_digest;
DROP TRIGGER steps_update_drops_digest; DROP TABLE run_digests;
ALTER TABLE fitting_trials DROP COLUMN run_id;
ALTER TABLE fitting_trials DROP COLUMN run_from_s;
ALTER TABLE fitting_trials DROP COLUMN run_to_s;
ALTER TABLE steps DROP COLUMN missing_s;
ALTER TABLE steps DROP COLUMN silent_sensel;
ALTER TABLE steps DROP COLUMN toe_share;
DROP TABLE watch_samples; DROP TABLE watch_tracks;
ALTER TABLE customers DROP COLUMN body_mass_kg;
DROP INDEX customers_by_uuid; DROP INDEX fitting_trials_by_uuid;
ALTER TABLE customers DROP COLUMN uuid; ALTER TABLE customers DROP COLUMN email;
ALTER TABLE customers DROP COLUMN phone; ALTER TABLE customers DROP COLUMN phone_digits;
ALTER TABLE customers DROP COLUMN station; ALTER TABLE customers DROP COLUMN store;
ALTER TABLE fitting_trials DROP COLUMN uuid; ALTER TABLE fitting_trials DROP COLUMN station;
ALTER TABLE fitting_trials DROP COLUMN store;
DROP INDEX customers_unsynced; DROP INDEX fitting_trials_unsynced;
ALTER TABLE customers DROP COLUMN updated_at; ALTER TABLE customers DROP COLUMN synced;
ALTER TABLE fitting_trials DROP COLUMN updated_at; ALTER TABLE fitting_trials DROP COLUMN synced;
ALTER TABLE fitting_trials DROP COLUMN recorded_here;
DROP TABLE fitting_deletions; DROP TABLE fitting_sync;
PRAGMA user_version = 8;
)sql");
    EXPECT_THROW(db->exec("UPDATE runs SET started_at = NULL"), StoreError);
  }
  auto db = open_for_writing(path());
  EXPECT_EQ(db->user_version(), kSchemaVersion);
  RunReader reader(*db);
  ASSERT_EQ(reader.runs().size(), 1u);
  EXPECT_EQ(reader.run(run)->started_at, "2026-12-06T10:00:00.000Z");
  EXPECT_EQ(reader.steps(run).size(), 3u);
  RunWriter writer(*db);
  writer.set_date_unknown(run);
  writer.set_recording_end(run, 1, "flash_full");
  const auto r = reader.run(run);
  EXPECT_FALSE(r->started_at);
  EXPECT_TRUE(r->ended_at.empty());
  EXPECT_TRUE(r->truncated);
  ASSERT_EQ(reader.summary(run)->sides.size(), 1u);
  EXPECT_EQ(reader.summary(run)->sides[0].recording_end, "flash_full");
  // References still hold, and are enforced again after the migration.
  Statement fk = db->prepare("PRAGMA foreign_key_check");
  EXPECT_FALSE(fk.step());
  EXPECT_THROW(db->exec("INSERT INTO steps (run_id, side, contact_s, toe_off_s, peak_force_n, "
                        "impulse_ns, loading_rate_n_per_s) VALUES (999, 'L', 0, 0, 0, 0, 0)"),
               StoreError);
}

TEST_F(StoreTest, ASizeCapRefusesWritesAsAFullDiskAndZeroLiftsIt) {
  auto db = open_for_writing(path());
  db->exec("CREATE TABLE filler(b BLOB)");
  const auto fill = [&] { db->exec("INSERT INTO filler VALUES (zeroblob(262144))"); };
  limit_size(*db, 1024 * 1024);
  std::string error;
  for (int i = 0; i < 8 && error.empty(); ++i) {
    try {
      fill();
    } catch (const StoreError& e) {
      error = e.what();
    }
  }
  EXPECT_NE(error.find("full"), std::string::npos) << error;
  limit_size(*db, 0);  // what a reload with db_max_mb = 0 does
  for (int i = 0; i < 8; ++i) EXPECT_NO_THROW(fill()) << i;
}

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

TEST_F(StoreTest, AStepsLostTimeAndSilentSenselComeBackAsTheAnalysisGaveThem) {
  auto db = open_for_writing(path());
  RunWriter w(*db);
  const auto run = w.begin_run(200);
  analysis::Step bridged, silent, plain;
  bridged.contact_s = 1.0;
  bridged.toe_off_s = 1.25;
  bridged.missing_s = 0.035;
  silent.contact_s = 2.0;
  silent.toe_off_s = 2.25;
  silent.silent_sensel = 17;
  silent.toe_share = 0.31;
  plain.contact_s = 3.0;
  plain.toe_off_s = 3.25;
  const std::vector<StepRecord> rows = {to_step_record(bridged), to_step_record(silent),
                                        to_step_record(plain)};
  w.append(run, rows);
  RunReader r(*db);
  const auto back = analysed_steps(r.steps(run));
  ASSERT_EQ(back.size(), 3u);
  EXPECT_DOUBLE_EQ(back[0].missing_s, 0.035);
  EXPECT_EQ(back[0].silent_sensel, -1);
  EXPECT_EQ(back[1].silent_sensel, 17);
  EXPECT_DOUBLE_EQ(back[1].missing_s, 0.0);
  EXPECT_EQ(back[2].silent_sensel, -1);
  EXPECT_DOUBLE_EQ(back[1].toe_share, 0.31);   // schema 14
  EXPECT_TRUE(std::isnan(back[0].toe_share));  // none: NULL, and NaN again
}

TEST_F(StoreTest, DeletedRunLeavesNoStepsFramesOrFindingsAndOthersStay) {
  auto db = open_for_writing(path());
  RunWriter w(*db);
  const auto left = w.upsert_device(device("SN-L", 'L'));
  std::int64_t runs[2] = {};
  for (auto& run : runs) {
    run = w.begin_run(200);
    w.attach_device(run, left, 'L');
    StepRecord s;
    s.contact_s = 1;
    s.toe_off_s = 1.25;
    FrameBlockRecord b;
    b.device_id = left;
    b.frame_count = 200;
    b.codec = "zrice1";
    b.data.assign(64, 0x5a);
    w.append(run, std::vector<StepRecord>{s}, std::vector<FrameBlockRecord>{b});
    w.replace_alerts(run, std::vector<AlertRecord>{{"flat_landing", "L", "flat", "f", "a"}});
  }
  // The first run was imported from an insole's flash: after deletion it stays imported, so a
  // sync does not bring it back.
  InsoleRecordings recordings(*db);
  InsoleRecordingRecord listed;
  listed.key = {left, 1, 1};
  listed.frame_count = 200;
  recordings.note(listed);
  recordings.set_imported(listed.key, runs[0]);

  EXPECT_NE(std::string(error_of([&] { w.delete_run(runs[0]); })).find("still being recorded"),
            std::string::npos);  // refused while recording
  w.finish(runs[0], "complete");
  w.finish(runs[1], "complete");
  w.delete_run(runs[0]);

  RunReader r(*db);
  EXPECT_FALSE(r.run(runs[0]));
  EXPECT_TRUE(r.steps(runs[0]).empty());
  EXPECT_TRUE(r.frame_blocks(runs[0], left).empty());
  EXPECT_TRUE(r.alerts(runs[0]).empty());
  EXPECT_TRUE(r.devices(runs[0]).empty());
  const auto kept = recordings.note(listed);
  EXPECT_EQ(kept.state, "imported");
  EXPECT_FALSE(kept.run_id);
  // The other run is untouched.
  ASSERT_TRUE(r.run(runs[1]));
  EXPECT_EQ(r.steps(runs[1]).size(), 1u);
  EXPECT_EQ(r.frame_blocks(runs[1], left).size(), 1u);
  EXPECT_EQ(r.alerts(runs[1]).size(), 1u);
  EXPECT_EQ(error_of([&] { w.delete_run(runs[0]); }), "no run " + std::to_string(runs[0]));
}

// Pages of frame blocks (re-analysis of a long run) give the blocks frame_blocks() gives, in
// the same order, blocks sharing a device time included.
TEST_F(StoreTest, FrameBlockPagesGiveEveryBlockInOrder) {
  auto db = open_for_writing(path());
  RunWriter w(*db);
  const auto left = w.upsert_device(device("SN-L", 'L'));
  const auto run = w.begin_run(200);
  w.attach_device(run, left, 'L');
  std::vector<FrameBlockRecord> blocks;
  for (int i = 0; i < 150; ++i) {
    FrameBlockRecord b;
    b.device_id = left;
    b.first_sequence = static_cast<std::uint32_t>(200 * i);
    b.frame_count = 200;
    b.first_device_time_us = 1000000ull * static_cast<std::uint64_t>(i / 2);  // pairs share it
    b.codec = "zrice1";
    b.data.assign(8, static_cast<std::uint8_t>(i));
    blocks.push_back(b);
  }
  w.append(run, std::vector<StepRecord>{}, blocks);
  RunReader r(*db);
  const auto all = r.frame_blocks(run, left);
  ASSERT_EQ(all.size(), 150u);
  std::vector<FrameBlockRecord> paged;
  for (auto page = r.frame_blocks_after(run, left, nullptr, 64); !page.empty();
       page = r.frame_blocks_after(run, left, &paged.back(), 64)) {
    EXPECT_LE(page.size(), 64u);
    paged.insert(paged.end(), page.begin(), page.end());
  }
  ASSERT_EQ(paged.size(), all.size());
  for (std::size_t i = 0; i < all.size(); ++i) {
    EXPECT_EQ(paged[i].id, all[i].id) << i;
    EXPECT_EQ(paged[i].first_sequence, 200u * i) << i;
  }
}

TEST_F(StoreTest, MigratesAVersion1DatabaseKeepingItsSteps) {
  {  // What insole 0.1 (schema 1) wrote, verbatim.
    Connection old(path(), Connection::Mode::kReadWriteCreate);
    old.exec(R"sql(
CREATE TABLE devices (id INTEGER PRIMARY KEY, serial_number TEXT NOT NULL UNIQUE,
  side TEXT NOT NULL CHECK (side IN ('L', 'R')), firmware_version TEXT NOT NULL,
  protocol_major INTEGER NOT NULL, protocol_minor INTEGER NOT NULL, grid_id TEXT NOT NULL,
  sensel_count INTEGER NOT NULL, board TEXT NOT NULL, first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted')),
  sample_rate_hz INTEGER NOT NULL);
CREATE TABLE run_devices (run_id INTEGER NOT NULL REFERENCES runs (id),
  device_id INTEGER NOT NULL REFERENCES devices (id), side TEXT NOT NULL CHECK (side IN ('L', 'R')),
  frames INTEGER NOT NULL DEFAULT 0, crc_errors INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0, sequence_gaps INTEGER NOT NULL DEFAULT 0,
  frames_lost INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, device_id));
CREATE TABLE steps (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id),
  side TEXT NOT NULL CHECK (side IN ('L', 'R')), contact_s REAL NOT NULL, toe_off_s REAL NOT NULL,
  peak_force_n REAL NOT NULL, impulse_ns REAL NOT NULL, loading_rate_n_per_s REAL NOT NULL);
CREATE INDEX steps_by_run ON steps (run_id, side, contact_s);
INSERT INTO runs VALUES (1, '2026-11-01T10:00:00Z', '2026-11-01T10:30:00Z', 'complete', 200);
INSERT INTO steps VALUES (1, 1, 'L', 1.0, 1.25, 1500, 250, 40000);
PRAGMA user_version = 1;
)sql");
  }
  auto db = open_for_writing(path());
  EXPECT_EQ(db->user_version(), kSchemaVersion);
  RunReader reader(*db);
  const auto steps = reader.steps(1);
  ASSERT_EQ(steps.size(), 1u);
  EXPECT_DOUBLE_EQ(steps[0].peak_force_n, 1500);
  EXPECT_TRUE(std::isnan(steps[0].strike_index));  // not analysed in version 1
  EXPECT_TRUE(steps[0].strike.empty());
  EXPECT_EQ(steps[0].flat_foot, -1);
  EXPECT_TRUE(std::isnan(steps[0].missing_s));  // not known before schema 11
  EXPECT_EQ(steps[0].silent_sensel, -1);
  // New steps carry the analysis.
  RunWriter w(*db);
  StepRecord s;
  s.side = 'R';
  s.strike_index = 0.5;
  s.strike = "midfoot";
  s.flat_foot = 1;
  s.pronation = "over";
  s.pronation_index = 8.0;
  w.append(1, std::vector<StepRecord>{s});
  const auto both = reader.steps(1, 'R');
  ASSERT_EQ(both.size(), 1u);
  EXPECT_EQ(both[0].strike, "midfoot");
  EXPECT_EQ(both[0].flat_foot, 1);
  EXPECT_DOUBLE_EQ(both[0].pronation_index, 8.0);
  EXPECT_TRUE(std::isnan(both[0].cpei_pct));
}

TEST_F(StoreTest, MigratesAVersion3DatabaseToShoesKeepingRunsAndFrames) {
  {  // What schema 3 looked like, verbatim (versions 1 + 2 + 3), with one run.
    Connection old(path(), Connection::Mode::kReadWriteCreate);
    old.exec(R"sql(
CREATE TABLE devices (id INTEGER PRIMARY KEY, serial_number TEXT NOT NULL UNIQUE,
  side TEXT NOT NULL CHECK (side IN ('L', 'R')), firmware_version TEXT NOT NULL,
  protocol_major INTEGER NOT NULL, protocol_minor INTEGER NOT NULL, grid_id TEXT NOT NULL,
  sensel_count INTEGER NOT NULL, board TEXT NOT NULL, first_seen TEXT NOT NULL,
  last_seen TEXT NOT NULL);
CREATE TABLE runs (id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, ended_at TEXT,
  status TEXT NOT NULL CHECK (status IN ('recording', 'complete', 'interrupted')),
  sample_rate_hz INTEGER NOT NULL);
CREATE TABLE run_devices (run_id INTEGER NOT NULL REFERENCES runs (id),
  device_id INTEGER NOT NULL REFERENCES devices (id), side TEXT NOT NULL CHECK (side IN ('L', 'R')),
  frames INTEGER NOT NULL DEFAULT 0, crc_errors INTEGER NOT NULL DEFAULT 0,
  malformed INTEGER NOT NULL DEFAULT 0, sequence_gaps INTEGER NOT NULL DEFAULT 0,
  frames_lost INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (run_id, device_id));
CREATE TABLE steps (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id),
  side TEXT NOT NULL CHECK (side IN ('L', 'R')), contact_s REAL NOT NULL, toe_off_s REAL NOT NULL,
  peak_force_n REAL NOT NULL, impulse_ns REAL NOT NULL, loading_rate_n_per_s REAL NOT NULL);
CREATE INDEX steps_by_run ON steps (run_id, side, contact_s);
ALTER TABLE steps ADD COLUMN flight_time_s REAL;
ALTER TABLE steps ADD COLUMN strike_index REAL;
ALTER TABLE steps ADD COLUMN strike TEXT CHECK (strike IN ('rearfoot', 'midfoot', 'forefoot'));
ALTER TABLE steps ADD COLUMN flat_foot INTEGER CHECK (flat_foot IN (0, 1));
ALTER TABLE steps ADD COLUMN pronation_index REAL;
ALTER TABLE steps ADD COLUMN cpei_pct REAL;
ALTER TABLE steps ADD COLUMN medial_fraction REAL;
ALTER TABLE steps ADD COLUMN pronation TEXT CHECK (pronation IN ('under', 'neutral', 'over'));
ALTER TABLE run_devices ADD COLUMN newtons_per_count REAL;
ALTER TABLE run_devices ADD COLUMN sample_rate_hz INTEGER;
ALTER TABLE run_devices ADD COLUMN clock_offset_us INTEGER;
CREATE TABLE frame_blocks (id INTEGER PRIMARY KEY, run_id INTEGER NOT NULL REFERENCES runs (id),
  device_id INTEGER NOT NULL REFERENCES devices (id), first_sequence INTEGER NOT NULL,
  frame_count INTEGER NOT NULL, first_device_time_us INTEGER NOT NULL, codec TEXT NOT NULL,
  data BLOB NOT NULL);
CREATE INDEX frame_blocks_by_run ON frame_blocks (run_id, device_id, first_device_time_us);
INSERT INTO devices VALUES (1, 'SN-L', 'L', '0.1.0', 1, 0, 'eu42-r1', 64, 'host',
  '2026-11-01T09:00:00Z', '2026-11-01T09:00:00Z');
INSERT INTO runs VALUES (1, '2026-11-01T10:00:00Z', '2026-11-01T10:30:00Z', 'complete', 200);
INSERT INTO run_devices VALUES (1, 1, 'L', 6000, 0, 0, 0, 0, 0.05, 200, 0);
INSERT INTO steps VALUES (1, 1, 'L', 1.0, 1.25, 1500, 250, 40000, 0.1, 0.16, 'rearfoot', 0, 18,
  18, 0.48, 'neutral');
INSERT INTO frame_blocks VALUES (1, 1, 1, 0, 200, 0, 'rice-1', x'0102');
PRAGMA user_version = 3;
)sql");
  }
  auto db = open_for_writing(path());
  EXPECT_EQ(db->user_version(), kSchemaVersion);
  RunReader reader(*db);
  const auto runs = reader.runs();
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].status, "complete");
  EXPECT_EQ(runs[0].shoe_id, 0);  // runs recorded before shoes existed have none
  ASSERT_EQ(reader.steps(1).size(), 1u);
  EXPECT_EQ(reader.steps(1)[0].strike, "rearfoot");
  EXPECT_EQ(reader.archive_size(1), std::make_pair(std::int64_t{2}, std::int64_t{200}));
  // The new tables and columns work on the migrated file.
  ShoeStore shoes(*db);
  EXPECT_TRUE(shoes.list().empty());
  ShoeRecord shoe;
  shoe.brand = "Asics";
  shoe.model = "Novablast 4";
  shoe.start_date = "2026-10-01";
  const auto id = shoes.add(shoe);
  shoes.assign(1, id);
  shoes.set_run_distance(1, 10000.0);
  const auto of = shoes.runs_of(id);
  ASSERT_EQ(of.size(), 1u);
  EXPECT_DOUBLE_EQ(of[0].distance_m, 10000.0);
  EXPECT_TRUE(std::isnan(of[0].body_mass_kg));
  EXPECT_EQ(reader.run(1)->shoe_id, id);
  Statement check = db->prepare("PRAGMA integrity_check");
  ASSERT_TRUE(check.step());
  EXPECT_EQ(check.column_text(0), "ok");
}

TEST_F(StoreTest, WritersAreKnownAndALiveWritersRunIsLeftAlone) {
  EXPECT_FALSE(writer_active(path()));
  auto first = open_for_writing(path());
  const std::int64_t live = RunWriter(*first).begin_run(200);
  EXPECT_TRUE(writer_active(path()));
  EXPECT_EQ(WriterLock::try_exclusive(path()), nullptr);
  {  // A second writer while the first records: the first's run is not its to close.
    auto second = open_for_writing(path());
    EXPECT_EQ(RunReader(*second).run(live)->status, "recording");
  }
  first.reset();  // the writer is gone (as if killed): nobody holds the file
  EXPECT_FALSE(writer_active(path()));
  auto lock = WriterLock::try_exclusive(path());
  ASSERT_NE(lock, nullptr);
  EXPECT_TRUE(writer_active(path()));  // insolectl's edit holds it
  lock.reset();
  auto next = open_for_writing(path());
  EXPECT_EQ(RunReader(*next).run(live)->status, "interrupted");
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
