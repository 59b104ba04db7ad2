#include <gtest/gtest.h>

#include <cmath>

#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/watch_tracks.h"
#include "scratch_dir_test.h"

namespace insole::store {
namespace {

class WatchTracksTest : public insole::testing::ScratchDirTest {
 protected:
  static WatchTrackRecord track(std::int64_t run, double distance_m, int seconds) {
    WatchTrackRecord t;
    t.run_id = run;
    t.format = "gpx";
    t.file_name = "morning.gpx";
    t.imported_at = "2026-12-07T08:00:00.000Z";
    t.first_unix = 1796625000;
    t.last_unix = 1796625000 + seconds;
    t.overlap_s = seconds;
    t.coverage = 1;
    t.start_offset_s = -12;
    t.distance_m = distance_m;
    for (int i = 0; i < seconds; ++i) {
      WatchSampleRecord s;
      s.unix_s = 1796625000 + i;
      s.distance_m = 3.0 * i;
      s.heart_rate_bpm = i % 2 ? 150 : WatchSampleRecord::kNaN;
      t.samples.push_back(s);
    }
    return t;
  }
};

TEST_F(WatchTracksTest, AttachReplacesAndSetsTheDistanceInOneGo) {
  auto db = open_for_writing(db_);
  RunWriter writer(*db);
  const std::int64_t run = writer.begin_run(200);
  writer.finish(run, "complete");
  WatchTracks tracks(*db);
  EXPECT_FALSE(tracks.of_run(run));
  tracks.attach(track(run, 300, 100), 300.0);
  tracks.attach(track(run, 600, 200), std::nullopt);  // replaces; the distance stays
  const auto back = tracks.of_run(run);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->samples.size(), 200u);
  EXPECT_DOUBLE_EQ(back->distance_m, 600);
  EXPECT_DOUBLE_EQ(back->start_offset_s, -12);
  EXPECT_DOUBLE_EQ(back->samples[3].distance_m, 9);
  EXPECT_TRUE(std::isnan(back->samples[2].heart_rate_bpm));
  EXPECT_TRUE(std::isnan(back->samples[2].speed_mps));
  EXPECT_DOUBLE_EQ(ShoeStore(*db).run_record(run)->distance_m, 300);
  // An unknown run: an error, and nothing changes.
  EXPECT_THROW(tracks.attach(track(99, 1, 5), 1.0), StoreError);
  // Deleting the run deletes its track and samples.
  writer.delete_run(run);
  EXPECT_FALSE(tracks.of_run(run));
  Statement s = db->prepare(
      "SELECT (SELECT COUNT(*) FROM watch_samples) + "
      "(SELECT COUNT(*) FROM watch_tracks)");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_int(0), 0);
}

TEST_F(WatchTracksTest, AFailedAttachLeavesTheOldTrack) {
  auto db = open_for_writing(db_);
  RunWriter writer(*db);
  const std::int64_t run = writer.begin_run(200);
  writer.finish(run, "complete");
  WatchTracks tracks(*db);
  tracks.attach(track(run, 300, 10), 300.0);
  // A distance the store refuses (not > 0) fails the whole attach: the old track stays.
  EXPECT_THROW(tracks.attach(track(run, 0, 20), 0.0), StoreError);
  const auto back = tracks.of_run(run);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->samples.size(), 10u);
  EXPECT_DOUBLE_EQ(ShoeStore(*db).run_record(run)->distance_m, 300);
}

}  // namespace
}  // namespace insole::store
