// Each factor week by week (reports/weekly_trends.h) and its reading (reports/trend_words.h),
// and the late-run form finding of a run report, on a real SQLite file with hand-built runs
// whose every value is set exactly.
#include "insole/reports/weekly_trends.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <string>

#include "insole/reports/run_report.h"
#include "insole/reports/trend_words.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"

namespace insole::reports {
namespace {

namespace fs = std::filesystem;

struct Shape {
  double contact_rise = 0;     // contact time grows by this fraction from start to end
  bool flat = false;           // every landing flat
  double right_impulse = 1;    // right steps' impulse x this
  double impulse_scatter = 0;  // steps' impulse x (1 +- this), slowly alternating
  double cadence_spm = 180;
  double loading_rate = 1;  // loading rate x this
  double contact_s = 0.25;
};

// 20 minutes of running at 180 steps a minute (unless shaped), 0.25 s contacts.
std::vector<store::StepRecord> steps_of(const Shape& shape) {
  std::vector<store::StepRecord> steps;
  const double span = 1200, period = 60 / shape.cadence_spm;
  for (int i = 0; i * period <= span; ++i) {
    store::StepRecord s;
    s.side = i % 2 ? 'R' : 'L';
    s.contact_s = i * period;
    // A little step-to-step scatter, so intervals are not degenerate.
    const double wobble = 0.004 * ((i * 7919) % 11 - 5) / 5.0;
    s.toe_off_s =
        s.contact_s + shape.contact_s * (1 + shape.contact_rise * s.contact_s / span) + wobble;
    s.peak_force_n = 1700;
    const double scatter = (i / 40) % 2 ? shape.impulse_scatter : -shape.impulse_scatter;
    s.impulse_ns = 686.0 * period * (s.side == 'R' ? shape.right_impulse : 1.0) * (1 + scatter);
    s.loading_rate_n_per_s = 50000 * shape.loading_rate * (1 + wobble);
    s.flight_time_s = 0.08;
    s.strike_index = shape.flat ? 0.45 : 0.1;
    s.strike = shape.flat ? "midfoot" : "rearfoot";
    s.flat_foot = shape.flat;
    s.pronation_index = 19;
    s.pronation = "neutral";
    steps.push_back(s);
  }
  return steps;
}

class WeeklyTrendsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("insole-weekly-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = store::open_for_writing((dir_ / "insole.db").string());
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  std::int64_t record(const std::string& started_at, double km, const Shape& shape = {}) {
    store::RunWriter w(*db_);
    const auto run = w.begin_run(200);
    w.append(run, steps_of(shape));
    w.finish(run, "complete");
    if (started_at.empty())
      w.set_date_unknown(run);
    else
      w.set_started_at(run, started_at);
    if (km > 0) store::ShoeStore(*db_).set_run_distance(run, km * 1000.0);
    return run;
  }
  WeeklyTrends trends() {
    const auto runs = digested_runs(*db_);
    return weekly_trends(runs, runner_calibration(*db_));
  }
  fs::path dir_;
  std::unique_ptr<store::Connection> db_;
};

TEST_F(WeeklyTrendsTest, RunsAreGroupedByIsoWeekWithTheirDistancesAndSpikes) {
  record("2026-11-02T07:00:00.000Z", 5.0);  // Monday of 2026-W45
  record("2026-11-08T18:00:00.000Z", 5.0);  // its Sunday
  record("2026-11-09T07:00:00.000Z", 8.0);  // 2026-W46: 60 % longer than the month's longest
  record("", 4.0);                          // undated: left out, counted
  record("2026-12-31T07:00:00.000Z", 0.0);  // a Thursday: 2026-W53, estimated distance
  const WeeklyTrends t = trends();
  ASSERT_EQ(t.weeks.size(), 3u);
  EXPECT_EQ(t.undated_runs, 1);
  EXPECT_EQ(t.weeks[0].week, "2026-W45");
  EXPECT_EQ(t.weeks[0].runs, 2);
  EXPECT_DOUBLE_EQ(t.weeks[0].km, 10.0);
  EXPECT_FALSE(t.weeks[0].km_estimated);
  EXPECT_EQ(t.weeks[0].load_spikes, 0);
  EXPECT_NEAR(t.weeks[0].running_s, 2 * 1200.25, 1.0);
  EXPECT_EQ(t.weeks[1].week, "2026-W46");
  EXPECT_EQ(t.weeks[1].load_spikes, 1);
  EXPECT_EQ(t.weeks[2].week, "2026-W53");
  EXPECT_TRUE(t.weeks[2].km_estimated);
  EXPECT_GT(t.weeks[2].km, 2.0);  // the model's distance for 20 minutes of running
  EXPECT_NEAR(t.weeks[0].cadence_spm, 180, 1);
  EXPECT_NEAR(t.weeks[0].flat_pct[0], 0, 1e-9);
  EXPECT_NEAR(t.weeks[0].impulse_si_pct, 0, 1e-6);
  const auto j = weekly_trends_json(t);
  EXPECT_EQ(j["weeks"][1]["monday"], "2026-11-09T00:00:00.000Z");
  EXPECT_EQ(j["weeks"][1]["load_spikes"], 1);
}

TEST_F(WeeklyTrendsTest, TheLatestWeekIsReadAgainstTheRunnersOwnEarlierWeeks) {
  record("2026-11-02T07:00:00.000Z", 5.0);
  record("2026-11-09T07:00:00.000Z", 5.0);
  EXPECT_TRUE(trend_readings(trends()).empty());  // nothing changed
  Shape changed;
  changed.flat = true;           // every landing flat, none before
  changed.right_impulse = 1.08;  // the right leg takes 8 % more
  record("2026-11-16T07:00:00.000Z", 5.0, changed);
  const auto readings = trend_readings(trends());
  std::string factors;
  for (const auto& r : readings) factors += r.factor + " ";
  EXPECT_EQ(factors, "flat_landing flat_landing asymmetry ") << factors;
  EXPECT_NE(readings[0].text.find("landed flat on 100 % of steps in 2026-W47, against 0 %"),
            std::string::npos)
      << readings[0].text;
  EXPECT_NE(readings[2].text.find("right leg took 7.7 % more"), std::string::npos)
      << readings[2].text;
  // Each asymmetry with its interval: one run in the week, so the run's own.
  const WeeklyTrends t = trends();
  const WeekAsymmetry& impulse = t.weeks.back().asymmetry[1];
  EXPECT_EQ(impulse.runs, 1);
  EXPECT_NEAR(impulse.si_pct, 7.7, 0.05);
  EXPECT_LT(impulse.ci_low_pct, impulse.si_pct);
  EXPECT_GT(impulse.ci_low_pct, 0);
  EXPECT_TRUE(impulse.every_run);
  EXPECT_NEAR(t.weeks.back().asymmetry[0].si_pct, 0, 1e-6);  // peak force: the same both sides
  const auto j = weekly_trends_json(t);
  EXPECT_EQ(j["weeks"][2]["asymmetry"]["impulse"]["runs"], 1);
  EXPECT_TRUE(j["weeks"][2]["asymmetry"]["contact_time"]["ci95"][0].is_number());
}

TEST_F(WeeklyTrendsTest, LowCadenceWithFlatLandingsIsCoachedAndFollowedUp) {
  Shape before;
  before.cadence_spm = 150;
  before.flat = true;
  before.loading_rate = 1.0;
  const auto first_run = record("2026-11-02T07:00:00.000Z", 0.0, before);
  auto readings = trend_readings(trends());
  ASSERT_EQ(readings.size(), 2u);  // "history", then the suggestion
  EXPECT_EQ(readings[1].factor, "cadence_coaching");
  EXPECT_EQ(readings[1].text,
            "Cadence 150 steps/min on your run of 2026-11-02, with flat landings.");
  EXPECT_NE(readings[1].advice.find("Try 158-165 steps/min"), std::string::npos)
      << readings[1].advice;
  // A run before it at the same cadence without flat landings gave no reason to suggest it.
  Shape earlier = before;
  earlier.flat = false;
  const auto earlier_run = record("2026-10-30T07:00:00.000Z", 0.0, earlier);
  // The runner takes it up: 170 steps/min, landing on the heel, loading rate 10 % lower.
  Shape after;
  after.cadence_spm = 170;
  after.loading_rate = 0.9;
  std::int64_t last_run = 0;
  for (const char* day :
       {"2026-11-09T07:00:00.000Z", "2026-11-11T07:00:00.000Z", "2026-11-13T07:00:00.000Z"})
    last_run = record(day, 0.0, after);
  const WeeklyTrends t = trends();
  ASSERT_TRUE(t.cadence.follow_up);
  EXPECT_EQ(t.cadence.follow_up->runs_before, 2u);
  EXPECT_EQ(t.cadence.follow_up->runs_after, 3u);
  readings = trend_readings(t);
  const TrendReading* coaching = nullptr;
  for (const auto& r : readings)
    if (r.factor == "cadence_coaching") coaching = &r;
  ASSERT_NE(coaching, nullptr);
  EXPECT_NE(coaching->text.find("Since the cadence suggestion on 2026-11-02: 150 to 170 steps/min "
                                "(+13.3 %) over your latest 3 run(s); loading rate -10.0 %"),
            std::string::npos)
      << coaching->text;
  EXPECT_NE(coaching->text.find(": lower)"), std::string::npos) << coaching->text;
  EXPECT_NE(coaching->text.find("Pace was not measured"), std::string::npos) << coaching->text;
  EXPECT_NE(coaching->advice.find("The change happened"), std::string::npos);
  // Each run's report says where it stands: nothing before the suggestion, the suggestion on
  // its run, the follow-up after.
  const auto coaching_alert = [&](std::int64_t run) -> std::string {
    const auto report = run_report_json(*db_, run);
    for (const auto& a : (*report)["summary"]["alerts"])
      if (a["code"] == "cadence_coaching") return a["finding"];
    return "";
  };
  EXPECT_EQ(coaching_alert(first_run),
            "Cadence 150 steps/min on your run of 2026-11-02, with flat landings.");
  EXPECT_EQ(coaching_alert(earlier_run), "");
  EXPECT_NE(coaching_alert(last_run).find("Since the cadence suggestion on 2026-11-02: 150 to 170"),
            std::string::npos)
      << coaching_alert(last_run);
  const auto j = weekly_trends_json(t);
  EXPECT_EQ(j["cadence_coaching"]["suggestion"]["day"], "2026-11-02");
  EXPECT_TRUE(j["cadence_coaching"]["suggestion"]["flat_landings"].get<bool>());
  EXPECT_TRUE(j["cadence_coaching"]["follow_up"]["reached"].get<bool>());
  EXPECT_TRUE(j["cadence_coaching"]["latest"].is_null());
}

TEST_F(WeeklyTrendsTest, AWeeksAsymmetryIntervalIsOverItsRuns) {
  Shape right_heavier;
  right_heavier.right_impulse = 1.06;
  record("2026-11-02T07:00:00.000Z", 5.0, right_heavier);
  right_heavier.right_impulse = 1.10;
  record("2026-11-04T07:00:00.000Z", 5.0, right_heavier);
  const WeekAsymmetry a = trends().weeks.back().asymmetry[1];
  EXPECT_EQ(a.runs, 2);
  // SIs 5.83 and 9.52: mean 7.68, t(1) = 12.71 x sd / sqrt(2) = 12.71 x 1.845 = 23.4.
  EXPECT_NEAR(a.si_pct, 7.68, 0.02);
  EXPECT_NEAR(a.ci_high_pct - a.si_pct, 23.4, 0.2);
  EXPECT_NEAR(a.si_pct - a.ci_low_pct, 23.4, 0.2);
}

TEST_F(WeeklyTrendsTest, AnAsymmetryOneRunOfTheWeekCannotTellFromNoiseIsNotRead) {
  record("2026-11-02T07:00:00.000Z", 5.0);
  Shape clear;
  clear.right_impulse = 1.14;  // +13 %, exactly
  record("2026-11-09T07:00:00.000Z", 5.0, clear);
  Shape noisy;
  noisy.impulse_scatter = 0.3;  // no difference, but an interval far wider than 0
  record("2026-11-10T07:00:00.000Z", 5.0, noisy);
  const WeeklyTrends t = trends();
  ASSERT_EQ(t.weeks.size(), 2u);
  EXPECT_GT(t.weeks[1].impulse_si_pct, kTrendAsymmetryPct);  // the week's mean is over the band
  EXPECT_FALSE(t.weeks[1].impulse_si_every_run);
  for (const auto& r : trend_readings(t)) EXPECT_NE(r.factor, "asymmetry") << r.text;
}

TEST_F(WeeklyTrendsTest, OneWeekSaysThereIsNothingToCompareWithYet) {
  record("2026-11-02T07:00:00.000Z", 5.0);
  const auto readings = trend_readings(trends());
  ASSERT_EQ(readings.size(), 1u);
  EXPECT_EQ(readings[0].factor, "history");
}

TEST_F(WeeklyTrendsTest, ContactTimeRisingLateIsAFindingOfTheRunAndCountsInItsWeek) {
  const auto steady = record("2026-11-02T07:00:00.000Z", 5.0);
  Shape tired;
  tired.contact_rise = 0.09;  // +9 % by the end: the last third +6 % against the first
  const auto late = record("2026-11-03T07:00:00.000Z", 5.0, tired);
  auto finding = [&](std::int64_t run) -> std::optional<nlohmann::json> {
    const auto report = run_report_json(*db_, run);  // kept: the loop reads inside it
    for (const auto& a : (*report)["summary"]["alerts"])
      if (a["code"] == "late_run_form") return a;
    return std::nullopt;
  };
  EXPECT_FALSE(finding(steady));
  const auto f = finding(late);
  ASSERT_TRUE(f);
  EXPECT_EQ((*f)["metric"], "contact_time_s");
  EXPECT_NE((*f)["finding"].get<std::string>().find("% longer (95 % interval"), std::string::npos)
      << *f;
  const WeeklyTrends t = trends();
  ASSERT_EQ(t.weeks.size(), 1u);
  EXPECT_EQ(t.weeks[0].late_run_judged, 2);
  EXPECT_EQ(t.weeks[0].late_run_changed, 1);
}

// Issue 17: a slower week is not a change in form. Two weeks of runs at 2.6-3.4 m/s (measured
// distances) whose contact time, cadence and loading rate follow the runner's own line with
// speed; then a slow week on the same line: at the usual pace nothing changed, though as run its
// cadence fell 3.5 %. A slow week loading 15 % faster than the line says is read.
TEST_F(WeeklyTrendsTest, ASlowerWeekIsComparedAtTheRunnersUsualPace) {
  const auto on_line = [](double v, double extra_loading) {
    Shape s;
    s.contact_s = 0.25 - 0.03 * (v - 3);
    s.cadence_spm = 170 + 15 * (v - 3);
    s.loading_rate = (1 + 0.2 * (v - 3)) * extra_loading;
    return s;
  };
  const double speeds[] = {2.6, 3.4, 2.8, 3.2, 3.0, 2.7, 3.3, 3.0};
  for (int i = 0; i < 8; ++i) {
    const std::string day = std::to_string(2 + i);  // 2026-11-02 (Monday) .. 11-09
    const double v = speeds[i];
    record("2026-11-" + std::string(day.size() < 2 ? "0" : "") + day + "T07:00:00.000Z", v * 1.2,
           on_line(v, 1));  // 20 minutes at v
  }
  const auto slow_week = [&](double extra_loading) {
    record("2026-11-23T07:00:00.000Z", 2.6 * 1.2, on_line(2.6, extra_loading));
    record("2026-11-25T07:00:00.000Z", 2.6 * 1.2, on_line(2.6, extra_loading));
  };
  slow_week(1.0);
  WeeklyTrends t = trends();
  const auto& line = t.pace_lines[static_cast<int>(PaceMetric::kContactTime)];
  ASSERT_TRUE(line.fitted) << line.runs;
  EXPECT_EQ(line.runs, 10u);
  EXPECT_NEAR(line.slope_per_mps, -30, 3);  // ms per m/s, as the steps were made
  ASSERT_EQ(t.weeks.size(), 3u);
  const WeekTrend& now = t.weeks.back();
  EXPECT_EQ(now.paced_runs, 2);
  EXPECT_NEAR(now.pace_s_per_km, 1000 / 2.6, 8);
  EXPECT_NEAR(now.contact_time_ms, 262, 2);  // as run: 12 ms longer than at 3.0 m/s
  EXPECT_EQ(now.at_pace_runs, 2);
  for (std::size_t m = 0; m < 3; ++m)  // at the usual pace the slow week is the earlier weeks
    EXPECT_NEAR(now.at_pace[m] / t.weeks[0].at_pace[m], 1, 0.01) << kPaceMetricNames[m];
  std::string factors;
  for (const auto& r : trend_readings(t)) factors += r.factor + " ";
  EXPECT_EQ(factors, "") << "a slower week read as a change in form";

  // The same slow week landing 15 % harder than the runner's line says: read, at equal pace.
  db_.reset();
  fs::remove(dir_ / "insole.db");
  db_ = store::open_for_writing((dir_ / "insole.db").string());
  for (int i = 0; i < 8; ++i) {
    const std::string day = std::to_string(2 + i);
    record("2026-11-" + std::string(day.size() < 2 ? "0" : "") + day + "T07:00:00.000Z",
           speeds[i] * 1.2, on_line(speeds[i], 1));
  }
  slow_week(1.15);
  t = trends();
  std::vector<TrendReading> loading;
  for (const auto& r : trend_readings(t))
    if (r.factor == "loading_rate") loading.push_back(r);
  ASSERT_EQ(loading.size(), 1u);
  // The median of the ten runs' speeds, 2.9 m/s.
  EXPECT_NE(loading[0].text.find("At your usual pace (5:45 /km)"), std::string::npos)
      << loading[0].text;
  constexpr int kLoad = static_cast<int>(PaceMetric::kLoadingRate);
  EXPECT_NEAR(t.weeks.back().at_pace[kLoad] / t.weeks[0].at_pace[kLoad], 1.15, 0.02);
}

// Pace measured only in the latest week (a watch bought then): the earlier weeks have no value
// at equal pace, so cadence is compared as run, and a real fall is still read.
TEST_F(WeeklyTrendsTest, PaceKnownOnlyLatelyStillComparesCadenceAsRun) {
  Shape steady;
  steady.cadence_spm = 180;
  record("2026-11-03T07:00:00.000Z", 0.0, steady);  // weeks 45 and 46: no distance
  record("2026-11-05T07:00:00.000Z", 0.0, steady);
  record("2026-11-10T07:00:00.000Z", 0.0, steady);
  record("2026-11-12T07:00:00.000Z", 0.0, steady);
  Shape slow;
  slow.cadence_spm = 170;  // -5.6 %
  const double speeds[] = {2.7, 3.3, 2.9, 3.1, 2.8, 3.2};
  for (int i = 0; i < 6; ++i)  // week 47, with a watch
    record(
        "2026-11-1" + std::to_string(6 + i / 2) + "T0" + std::to_string(7 + i % 2) + ":00:00.000Z",
        speeds[i] * 1.2, slow);
  const WeeklyTrends t = trends();
  ASSERT_EQ(t.weeks.size(), 3u);
  ASSERT_TRUE(t.pace_lines[0].fitted);
  EXPECT_TRUE(std::isfinite(t.weeks[2].at_pace[static_cast<int>(PaceMetric::kCadence)]));
  EXPECT_TRUE(std::isnan(t.weeks[0].at_pace[static_cast<int>(PaceMetric::kCadence)]));
  std::vector<std::string> cadence;
  for (const auto& r : trend_readings(t))
    if (r.factor == "cadence") cadence.push_back(r.text);
  ASSERT_EQ(cadence.size(), 1u);
  EXPECT_EQ(cadence[0].rfind("Your cadence fell to 170", 0), 0u) << cadence[0];
}

// Without measured paces the weeks are compared as run, and say so in the JSON.
TEST_F(WeeklyTrendsTest, WithoutMeasuredPacesNothingIsComparedAtEqualPace) {
  record("2026-11-02T07:00:00.000Z", 0.0);
  record("2026-11-09T07:00:00.000Z", 0.0);
  const WeeklyTrends t = trends();
  EXPECT_FALSE(t.pace_lines[0].fitted);
  EXPECT_EQ(t.pace_lines[0].runs, 0u);
  EXPECT_TRUE(std::isnan(t.weeks[1].pace_s_per_km));
  EXPECT_TRUE(std::isnan(t.weeks[1].at_pace[0]));
  const auto j = weekly_trends_json(t);
  EXPECT_EQ(j["equal_pace"]["fitted"], false);
  EXPECT_TRUE(j["equal_pace"]["reference_pace_s_per_km"].is_null());
  EXPECT_TRUE(j["weeks"][1]["pace_s_per_km"].is_null());
  EXPECT_TRUE(j["weeks"][1]["at_pace"]["contact_time_ms"].is_null());
  EXPECT_NEAR(j["weeks"][1]["contact_time_ms"].get<double>(), 250, 2);
}

}  // namespace
}  // namespace insole::reports
