#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "insole/reports/watch_import.h"

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

}  // namespace
}  // namespace insole::reports
