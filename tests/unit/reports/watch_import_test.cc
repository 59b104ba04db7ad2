#include <gtest/gtest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "insole/reports/watch_import.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"

namespace insole::reports {
namespace {

using readers::WatchPoint;
using readers::WatchTrack;

// Points every `step` s from t0 over `seconds`, at 3 m/s, heart rate rising 1 bpm/s.
WatchTrack steady(double t0, int seconds, int step = 1) {
  WatchTrack t;
  t.format = "fit";
  for (int i = 0; i <= seconds; i += step) {
    WatchPoint p;
    p.unix_s = t0 + i;
    p.distance_m = 3.0 * i;
    p.heart_rate_bpm = 100 + i;
    t.points.push_back(p);
  }
  return t;
}

TEST(WatchMatch, PicksTheRunItOverlapsMost) {
  const WatchTrack t = steady(1000, 600);
  const std::vector<RunWindow> runs = {{1, 0, 900}, {2, 950, 1700}, {3, 2000, 2600}};
  const auto m = match_track(t, runs);
  ASSERT_TRUE(m);
  EXPECT_EQ(m->run_id, 2);
  EXPECT_DOUBLE_EQ(m->overlap_s, 600);
  EXPECT_DOUBLE_EQ(m->coverage, 600.0 / 750.0);
  EXPECT_DOUBLE_EQ(m->start_offset_s, 50);
  const std::vector<RunWindow> none = {{4, 5000, 6000}};
  EXPECT_FALSE(match_track(t, none));
}

TEST(WatchResample, WholeSecondsInterpolatedAndNoneAcrossAGap) {
  WatchTrack t = steady(1000.5, 40, 2);  // points at x.5 s every 2 s
  // A 30 s hole after 1040.5 (longer than kMaxGapS).
  WatchPoint late;
  late.unix_s = 1070.5;
  late.distance_m = 210;
  t.points.push_back(late);
  const auto s = resample(t, 1000, 1080);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.front().unix_s, 1001);
  EXPECT_DOUBLE_EQ(s.front().distance_m, 1.5);  // 0.5 s after the first point at 3 m/s
  EXPECT_DOUBLE_EQ(s.front().heart_rate_bpm, 100.5);
  EXPECT_TRUE(std::isnan(s.front().speed_mps));  // no distance a second before it
  EXPECT_DOUBLE_EQ(s[1].speed_mps, 3.0);         // from the distance over the second before
  for (const auto& r : s) EXPECT_FALSE(r.unix_s > 1040 && r.unix_s < 1070) << r.unix_s;
  EXPECT_EQ(s.back().unix_s, 1040);  // 1070.5 is alone after the gap: no whole second in reach
  EXPECT_DOUBLE_EQ(distance_between(t, 1010.5, 1030.5), 60);
  EXPECT_TRUE(std::isnan(distance_between(t, 1010.5, 1050)));  // inside the gap
}

// A run of 30 minutes whose cadence wanders by a few steps/min and that stops twice for 20 s
// (from t = 600 and t = 1200): the step contacts (UTC) and the watch's track of it, 3 m/s while
// running, 0 when stopped, cadence in strides/min, every time `watch_ahead_s` later on the
// watch's clock.
struct RunAndWatch {
  std::vector<double> contacts;
  WatchTrack track;
};
RunAndWatch run_and_watch(double t0, double watch_ahead_s) {
  RunAndWatch out;
  const auto stopped = [](double t) { return (t >= 600 && t < 620) || (t >= 1200 && t < 1220); };
  const auto cadence = [](double t) {
    return 170 + 4 * std::sin(t / 47.0) + 3 * std::sin(t / 13.0);
  };
  for (double t = 0; t < 1800;) {
    if (stopped(t)) {
      t += 0.1;
      continue;
    }
    out.contacts.push_back(t0 + t);
    t += 60 / cadence(t);
  }
  out.track.format = "fit";
  double d = 0;
  for (int i = -30; i <= 1830; ++i) {
    WatchPoint p;
    p.unix_s = t0 + i + watch_ahead_s;
    const bool still = stopped(i);
    p.speed_mps = still ? 0 : 3;
    p.distance_m = d;
    d += p.speed_mps;
    p.cadence_per_min = still ? 0 : cadence(i) / 2;
    out.track.points.push_back(p);
  }
  return out;
}

TEST(WatchClock, AWatchTwelveSecondsAheadIsLinedUpByCadence) {
  const auto rw = run_and_watch(1.7e9, 12);
  const RunWindow window{1, rw.contacts.front(), rw.contacts.back()};
  const ClockCheck c = check_clock(rw.track, rw.contacts, window);
  EXPECT_TRUE(c.watch_has_cadence);
  ASSERT_EQ(clock_result_name(c), "measured") << c.offset.correlation << " " << c.offset.margin;
  EXPECT_NEAR(c.offset.offset_s, 12, 1.0);
  const auto same = run_and_watch(1.7e9, 0);
  const ClockCheck agree = check_clock(same.track, same.contacts, window);
  ASSERT_EQ(clock_result_name(agree), "measured");
  EXPECT_NEAR(agree.offset.offset_s, 0, 1.0);
}

// Through a real SQLite file: the track of a watch 12 s ahead is attached on the run's clock,
// so the watch's stops fall on the insoles' stops.
TEST(WatchClock, TheImportMovesTheTrackOntoTheRunsClock) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("insole-watch-clock-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  {
    auto db = store::open_for_writing((dir / "insole.db").string());
    const double t0 = 1.7e9;
    const auto rw = run_and_watch(t0, 12);
    std::vector<store::StepRecord> steps;
    for (std::size_t i = 0; i < rw.contacts.size(); ++i) {
      store::StepRecord st;
      st.side = i % 2 ? 'R' : 'L';
      st.contact_s = rw.contacts[i] - t0;
      st.toe_off_s = st.contact_s + 0.25;
      steps.push_back(st);
    }
    store::RunWriter w(*db);
    const auto run = w.begin_run(200);
    w.append(run, steps);
    w.finish(run, "complete");
    w.set_started_at(run, store::iso_utc(static_cast<std::int64_t>(t0) * 1000));
    const WatchImport done = import_watch(*db, rw.track, "watch.fit", run);
    ASSERT_TRUE(done.clock.applied) << clock_result_name(done.clock);
    EXPECT_NEAR(done.clock.offset.offset_s, 12, 1.0);
    EXPECT_NEAR(done.track.start_offset_s, -30, 1.0);  // as recorded, 30 s before the first step
    int checked = 0;
    for (const auto& smp : done.track.samples) {
      const double t = static_cast<double>(smp.unix_s) - t0;
      if ((t >= 602 && t <= 617) || (t >= 1202 && t <= 1217)) {
        EXPECT_EQ(smp.speed_mps, 0) << t;  // the watch stood still when the insoles did
        ++checked;
      } else if ((t >= 590 && t <= 597) || (t >= 623 && t <= 630)) {
        EXPECT_EQ(smp.speed_mps, 3) << t;
        ++checked;
      }
    }
    EXPECT_EQ(checked, 2 * 16 + 16);
  }
  std::filesystem::remove_all(dir);
}

TEST(WatchClock, WithoutCadenceTheClockIsNotChecked) {
  auto rw = run_and_watch(1.7e9, 12);
  for (auto& p : rw.track.points) p.cadence_per_min = WatchPoint::kNaN;
  const ClockCheck c =
      check_clock(rw.track, rw.contacts, RunWindow{1, rw.contacts.front(), rw.contacts.back()});
  EXPECT_FALSE(c.watch_has_cadence);
  EXPECT_EQ(clock_result_name(c), "no_cadence");
}

}  // namespace
}  // namespace insole::reports
