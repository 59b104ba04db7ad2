// The run report (reports/run_report.h) states the run's shoe as it stands: its distance, the
// wear verdict, and a finding with advice when the shoe is worn; on a real SQLite file. Also
// what a run's FIT export (reports/fit_activity.h) takes from its distance.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "insole/reports/fit_activity.h"
#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/sqlite.h"
#include "insole/store/watch_tracks.h"

namespace insole::reports {
namespace {

namespace fs = std::filesystem;

// 15 minutes of hand-built running at 180 steps a minute, 0.25 s contacts (3 km by the model),
// peak force scaled by `peak`.
std::vector<store::StepRecord> run_steps(double peak) {
  std::vector<store::StepRecord> steps;
  for (int i = 0; i * (1.0 / 3) <= 900; ++i) {
    store::StepRecord s;
    s.side = i % 2 ? 'R' : 'L';
    s.contact_s = i / 3.0;
    s.toe_off_s = s.contact_s + 0.25;
    s.peak_force_n = 1700 * peak;
    s.impulse_ns = 686.0 / 3;
    s.loading_rate_n_per_s = 50000;
    s.flight_time_s = 1.0 / 3 - 0.25;
    s.strike_index = 0.1;
    s.strike = "rearfoot";
    s.flat_foot = 0;
    s.pronation_index = 0;
    s.pronation = "neutral";
    steps.push_back(s);
  }
  return steps;
}

class RunReportShoeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("insole-report-shoe-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = store::open_for_writing((dir_ / "insole.db").string());
    store::ShoeRecord shoe;
    shoe.brand = "Asics";
    shoe.model = "Novablast";
    shoe.start_date = "2026-01-01";
    store::ShoeStore(*db_).add(shoe);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::int64_t record(double peak) {
    store::RunWriter w(*db_);
    const auto run = w.begin_run(200);
    w.append(run, run_steps(peak));
    w.finish(run, "complete");
    return run;
  }
  // A dated run with a distance the runner measured.
  std::int64_t record_on(const std::string& started_at, double km) {
    const auto run = record(1.0);
    store::RunWriter(*db_).set_started_at(run, started_at);
    store::ShoeStore(*db_).set_run_distance(run, km * 1000.0);
    return run;
  }
  static std::optional<nlohmann::json> finding(const nlohmann::json& report,
                                               const std::string& code) {
    for (const auto& a : report["summary"]["alerts"])
      if (a["code"] == code) return a;
    return std::nullopt;
  }
  static bool has_shoe_finding(const nlohmann::json& report) {
    for (const auto& a : report["summary"]["alerts"]) {
      if (a["code"] == "shoe_wear") return true;
    }
    return false;
  }
  fs::path dir_;
  std::unique_ptr<store::Connection> db_;
};

TEST_F(RunReportShoeTest, AWornShoeIsStatedWithAFinding) {
  std::int64_t last = 0;
  for (int i = 0; i < 12; ++i) last = record(1 + 0.02 * i);  // landing 2 % harder each run
  const auto report = run_report_json(*db_, last);
  ASSERT_TRUE(report);
  const auto& shoe = (*report)["run"]["shoe"];
  EXPECT_EQ(shoe["name"], "Asics Novablast");
  EXPECT_NEAR(shoe["distance_km"].get<double>(), 36, 2) << shoe;
  EXPECT_EQ(shoe["verdict"], "replace") << shoe;
  EXPECT_EQ(shoe["message"].get<std::string>().rfind("Replace these shoes", 0), 0u) << shoe;
  EXPECT_TRUE(has_shoe_finding(*report)) << (*report)["summary"]["alerts"];
}

TEST_F(RunReportShoeTest, AShoeThatIsNotWornHasNoFinding) {
  std::int64_t last = 0;
  for (int i = 0; i < 12; ++i) last = record(1.0);
  const auto report = run_report_json(*db_, last);
  ASSERT_TRUE(report);
  EXPECT_EQ((*report)["run"]["shoe"]["verdict"], "no_change") << (*report)["run"];
  EXPECT_FALSE(has_shoe_finding(*report));
}

// Trends across runs: a run recorded with one insole has no values for the other foot (null,
// never a 0 the chart would plot as a measurement).
TEST_F(RunReportShoeTest, TrendsHaveNoValuesForAFootThatWasNotRecorded) {
  record(1.0);  // both feet
  store::RunWriter w(*db_);
  const auto run = w.begin_run(200);
  std::vector<store::StepRecord> left;
  for (const auto& s : run_steps(1.0))
    if (s.side == 'L') left.push_back(s);
  w.append(run, left);
  w.finish(run, "complete");
  const auto trends = trends_json(*db_)["runs"];
  ASSERT_EQ(trends.size(), 2u);
  const auto& both = trends[0];
  const auto& one = trends[1];
  EXPECT_EQ(both["flat_foot_pct"]["R"], 0.0);  // measured: no flat landing
  EXPECT_TRUE(one["flat_foot_pct"]["R"].is_null());
  EXPECT_TRUE(one["loading_rate_n_per_s"]["R"].is_null());
  EXPECT_TRUE(one["pronation_index"]["R"].is_null());
  EXPECT_DOUBLE_EQ(one["loading_rate_n_per_s"]["L"].get<double>(), 50000);
  EXPECT_TRUE(one["asymmetry"]["impulse"]["si_pct"].is_null());
}

// Issue 15: each run's digest (trends entry, distance and wear inputs) is computed once and
// kept (reports/run_digest.h). What is kept
// answers exactly as a fresh computation would, and any change to a run's steps (a re-analysis,
// an erased stretch) or deleting the run drops its entry, so trends never show stale values.
TEST_F(RunReportShoeTest, KeptDigestsAnswerAsFreshOnesAndFollowEveryStepChange) {
  record(1.0);
  record(1.2);
  auto kept_rows = [&] {
    store::Statement s = db_->prepare("SELECT COUNT(*) FROM run_digests");
    s.step();
    return s.column_int(0);
  };
  EXPECT_EQ(kept_rows(), 0);
  const auto first = trends_json(*db_);
  EXPECT_EQ(kept_rows(), 2);
  EXPECT_EQ(trends_json(*db_), first);  // answered from what was kept

  // A read-only connection answers the same without keeping anything; so do the shoes' wear
  // and distances, which read the same digests.
  const auto path = (dir_ / "insole.db").string();
  const auto shoes = shoes_json(*db_);
  const auto runs = runs_json(*db_);
  db_->exec("DELETE FROM run_digests");
  EXPECT_EQ(trends_json(*store::open_for_reading(path)), first);
  EXPECT_EQ(shoes_json(*store::open_for_reading(path)), shoes);
  EXPECT_EQ(runs_json(*store::open_for_reading(path)), runs);
  EXPECT_EQ(kept_rows(), 0);
  EXPECT_EQ(shoes_json(*db_), shoes);
  EXPECT_EQ(kept_rows(), 2);

  // Re-analysis replaces the steps of run 2: its entry goes, the new one shows the new steps.
  store::RunWriter w(*db_);
  auto steps = run_steps(1.2);
  for (auto& st : steps) st.loading_rate_n_per_s = 70000;
  w.replace_steps(2, steps);
  EXPECT_EQ(kept_rows(), 1);
  const auto after = trends_json(*db_)["runs"];
  ASSERT_EQ(after.size(), 2u);
  EXPECT_DOUBLE_EQ(after[1]["loading_rate_n_per_s"]["L"].get<double>(), 70000);
  EXPECT_EQ(after[0], first["runs"][0]);

  // An erased stretch and a deleted run drop their entries too.
  trends_json(*db_);
  w.delete_steps_between(1, 0, 100);
  EXPECT_EQ(kept_rows(), 1);
  EXPECT_LT(trends_json(*db_)["runs"][0]["duration_s"].get<double>(),
            first["runs"][0]["duration_s"].get<double>());
  w.delete_run(2);
  EXPECT_EQ(kept_rows(), 1);
  EXPECT_EQ(trends_json(*db_)["runs"].size(), 1u);
}

TEST_F(RunReportShoeTest, ARunOverTenPercentLongerThanTheMonthsLongestIsATrainingLoadSpike) {
  record_on("2026-10-01T07:00:00.000Z", 6.0);  // over 30 days before the last run: not counted
  const auto first = record_on("2026-11-01T07:00:00.000Z", 3.0);
  const auto second = record_on("2026-11-10T07:00:00.000Z", 3.3);  // exactly 10 % longer
  const auto spike = record_on("2026-11-20T07:00:00.000Z", 4.5);
  EXPECT_FALSE(finding(*run_report_json(*db_, first), "load_spike"));
  EXPECT_FALSE(finding(*run_report_json(*db_, second), "load_spike"));
  const auto f = finding(*run_report_json(*db_, spike), "load_spike");
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)["finding"],
            "This run (4.50 km) was 36 % longer than your longest run in the 30 days before it "
            "(3.30 km, run " +
                std::to_string(second) + ").");
  EXPECT_NE((*f)["advice"].get<std::string>().find("Frandsen et al. 2025: 1.64 times"),
            std::string::npos);
  EXPECT_NE((*f)["advice"].get<std::string>().find("Progress slowly"), std::string::npos);
}

TEST_F(RunReportShoeTest, ASpikeOnEstimatedDistancesSaysTheyAreEstimated) {
  const auto first = record(1.0);  // 3 km by the model, 15 minutes
  store::RunWriter(*db_).set_started_at(first, "2026-11-01T07:00:00.000Z");
  const auto longer = record_on("2026-11-05T07:00:00.000Z", 5.0);
  const auto f = finding(*run_report_json(*db_, longer), "load_spike");
  ASSERT_TRUE(f);
  const std::string text = (*f)["finding"];
  EXPECT_NE(text.find("km estimated, run " + std::to_string(first)), std::string::npos) << text;
  EXPECT_NE(text.find("Estimated distances can be 10-20 % off"), std::string::npos) << text;
  // A run whose date is unknown is placed in no month: no finding, not a false one.
  const auto undated = record(1.0);
  store::RunWriter(*db_).set_date_unknown(undated);
  EXPECT_FALSE(finding(*run_report_json(*db_, undated), "load_spike"));
}

// A FIT export carries the watch's per-second distance and speed only when the run's measured
// distance is trusted: apps show them as fact.
TEST_F(RunReportShoeTest, AFitExportLeavesOutTheWatchDistanceOfARunItDoesNotFit) {
  for (const double km : {3.0, 30.0}) {  // 15 minutes: 3 km fits, 30 km does not
    const auto run = record_on("2026-03-0" + std::to_string(km < 10 ? 2 : 3) + "T07:00:00Z", km);
    store::WatchTrackRecord track;
    track.run_id = run;
    track.format = "gpx";
    track.file_name = "watch.gpx";
    track.imported_at = "2026-03-04T00:00:00Z";
    track.overlap_s = 900;
    track.coverage = 1;
    const double start = *store::parse_iso_utc(*store::RunReader(*db_).run(run)->started_at);
    for (int i = 0; i <= 900; ++i) {
      store::WatchSampleRecord w;
      w.unix_s = static_cast<std::int64_t>(start) + i;
      w.distance_m = i * km * 1000 / 900;
      w.speed_mps = km * 1000 / 900;
      w.heart_rate_bpm = 150;
      track.samples.push_back(w);
    }
    store::WatchTracks(*db_).attach(track, std::nullopt);
    const auto activity = fit_activity(*db_, run);
    ASSERT_TRUE(activity);
    ASSERT_EQ(activity->watch.size(), 901u);
    const auto& mid = activity->watch[450];
    EXPECT_EQ(mid.heart_rate_bpm, 150) << km;  // what the watch measured itself stays
    if (km < 10) {
      EXPECT_NEAR(mid.distance_m, 1500, 1e-6);
      EXPECT_NEAR(mid.speed_mps, 3.333, 1e-3);
      EXPECT_TRUE(std::isnan(activity->estimated_distance_m));
    } else {
      EXPECT_TRUE(std::isnan(mid.distance_m)) << mid.distance_m;
      EXPECT_TRUE(std::isnan(mid.speed_mps)) << mid.speed_mps;
      EXPECT_TRUE(std::isnan(activity->measured_distance_m));
    }
  }
}

}  // namespace
}  // namespace insole::reports
