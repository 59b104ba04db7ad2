// The planned weeks of running (hw/sim/history.h): dates, lengths and the truth that follows
// from the plan alone (distances, spikes, the asked asymmetry, cadence and shoe distance).
#include "insole/hw/sim/history.h"

#include <gtest/gtest.h>

#include <array>
#include <stdexcept>

namespace insole::hw::sim {
namespace {

constexpr double kMonday = 1788134400;  // 2026-08-31T00:00:00Z

TEST(HistoryPlan, ThreeRunsAWeekOnTheirDaysAndSurfaces) {
  const History h = plan_history(HistoryStory::kUnchanged, 2, 7, kMonday);
  ASSERT_EQ(h.runs.size(), 6u);
  EXPECT_DOUBLE_EQ(h.runs[0].start_unix_s, kMonday + 86400 + 7 * 3600);      // Tuesday 07:00
  EXPECT_DOUBLE_EQ(h.runs[2].start_unix_s, kMonday + 6 * 86400 + 8 * 3600);  // Sunday 08:00
  EXPECT_DOUBLE_EQ(h.runs[3].start_unix_s, h.runs[0].start_unix_s + 7 * 86400);
  EXPECT_EQ(h.runs[1].surface, "track");
  EXPECT_EQ(h.runs[2].surface, "road");
  EXPECT_EQ(h.runs[4].week, 2);
  EXPECT_NE(h.runs[0].scenario.seed, h.runs[1].scenario.seed);
}

TEST(HistoryPlan, AnUnchangedHistoryHasNothingToFind) {
  const History h = plan_history(HistoryStory::kUnchanged, 12, 1, kMonday);
  for (const auto& r : h.runs) {
    EXPECT_FALSE(r.load_spike);
    EXPECT_FALSE(r.late_fatigue);
    EXPECT_EQ(r.scenario.asymmetry.impulse_pct, 0);
    EXPECT_EQ(r.scenario.cadence_spm, 172);
    EXPECT_DOUBLE_EQ(r.km, 3.0 * 25 * 60 / 1000);
  }
}

TEST(HistoryPlan, TwelveWeeksCarryEveryChangeWithItsTruth) {
  const History h = plan_history(HistoryStory::kTwelveWeeks, 12, 1, kMonday, 100);
  ASSERT_EQ(h.runs.size(), 36u);
  // Spikes by the rule on true distances: week 1's Sunday (30 min after two of 20) and week 9's
  // 60-minute Sunday; week 11's 45 minutes is within the 60 of 14 days before.
  std::vector<int> spike_weeks;
  for (const auto& r : h.runs)
    if (r.load_spike) spike_weeks.push_back(r.week);
  EXPECT_EQ(spike_weeks, (std::vector<int>{1, 9}));
  EXPECT_DOUBLE_EQ(h.runs[26].km, 10.8);
  EXPECT_DOUBLE_EQ(h.runs[26].longest_before_km, 5.4);
  EXPECT_TRUE(h.runs[32].late_fatigue);
  EXPECT_FALSE(h.runs[32].load_spike);
  // Cadence coached from week 5; the right leg weakens over weeks 5-10.
  EXPECT_EQ(h.runs[11].scenario.cadence_spm, 158);
  EXPECT_EQ(h.runs[12].scenario.cadence_spm, 172);
  EXPECT_EQ(h.runs[12].scenario.asymmetry.impulse_pct, 0);
  EXPECT_DOUBLE_EQ(h.runs[29].scenario.asymmetry.impulse_pct, -8);
  EXPECT_DOUBLE_EQ(h.runs[35].scenario.asymmetry.peak_force_pct, -8);
  // The shoe passes 600 km; wear 0.4 to 1.0.
  EXPECT_DOUBLE_EQ(h.runs[0].shoe_km_before, 560);
  EXPECT_GT(h.runs[35].shoe_km_before + h.runs[35].km, 600);
  EXPECT_DOUBLE_EQ(h.runs.front().scenario.shoe_wear, 0.4);
  EXPECT_DOUBLE_EQ(h.runs.back().scenario.shoe_wear, 1.0);
  EXPECT_EQ(h.runs[5].scenario.sample_rate_hz, 100);
}

// The same form at other paces: three paces a week, each 0.3 m/s slower in the second half;
// the distances follow the speeds and no run is a spike.
TEST(HistoryPlan, SlowerWeeksKeepTheFormAndChangeOnlyThePace) {
  const auto h = plan_history(HistoryStory::kSlowerWeeks, 12, 1, kMonday);
  ASSERT_EQ(h.runs.size(), 36u);
  for (std::size_t k = 0; k < h.runs.size(); ++k) {
    const HistoryRun& r = h.runs[k];
    const double want = std::array{3.3, 2.8, 3.0}[k % 3] - (r.week > 6 ? 0.3 : 0);
    EXPECT_DOUBLE_EQ(r.scenario.speed_mps, want) << k;
    EXPECT_DOUBLE_EQ(r.km, want * 25 * 60 / 1000) << k;
    EXPECT_EQ(r.scenario.cadence_spm, 172);
    EXPECT_EQ(r.scenario.shoe_wear, 0.5);
    EXPECT_FALSE(r.load_spike) << k;
    EXPECT_FALSE(r.late_fatigue);
  }
  EXPECT_EQ(parse_history_story("slower-weeks"), HistoryStory::kSlowerWeeks);
  EXPECT_EQ(name(HistoryStory::kSlowerWeeks), "slower-weeks");
}

TEST(HistoryPlan, BadRequestsAreRefused) {
  EXPECT_THROW(plan_history(HistoryStory::kTwelveWeeks, 6, 1, kMonday), std::invalid_argument);
  EXPECT_THROW(plan_history(HistoryStory::kUnchanged, 0, 1, kMonday), std::invalid_argument);
  EXPECT_THROW(plan_history(HistoryStory::kUnchanged, 1, 1, kMonday + 86400),
               std::invalid_argument);
  EXPECT_EQ(parse_history_story("twelve-weeks"), HistoryStory::kTwelveWeeks);
  EXPECT_FALSE(parse_history_story("Twelve-weeks"));
}

}  // namespace
}  // namespace insole::hw::sim
