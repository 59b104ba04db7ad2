#include "insole/fw/scan_scheduler.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace insole::fw {
namespace {

// Polls the scheduler every microsecond-step and records when scans happened.
std::vector<uint64_t> scan_times(ScanScheduler& s, uint64_t from, uint64_t to, uint64_t step) {
  std::vector<uint64_t> out;
  for (uint64_t t = from; t < to; t += step) {
    if (s.due(t)) out.push_back(t);
  }
  return out;
}

TEST(ScanScheduler, ExactRateWithoutDrift) {
  ScanScheduler s;
  s.start(200, 1000);
  const auto times = scan_times(s, 0, 1000 + 3600ull * 1000000, 1000);  // one hour, 1 ms polls
  ASSERT_EQ(times.size(), 200u * 3600);
  EXPECT_EQ(times.front(), 1000u);
  EXPECT_EQ(times.back(), 1000u + (200ull * 3600 - 1) * 5000);
  EXPECT_EQ(s.skipped_slots(), 0u);
}

TEST(ScanScheduler, NonDividingRateKeepsLongTermAverage) {
  ScanScheduler s;
  s.start(300, 0);  // 3333.33 µs period
  const auto times = scan_times(s, 0, 10'000'000, 1);
  ASSERT_EQ(times.size(), 3000u);
  EXPECT_EQ(times[3], 10000u);  // exactly 3 periods of 1/300 s
  EXPECT_EQ(times[2999], 9'996'666u);
}

TEST(ScanScheduler, LateCallerSkipsSlotsInsteadOfBursting) {
  ScanScheduler s;
  s.start(100, 0);
  EXPECT_TRUE(s.due(0));
  EXPECT_FALSE(s.due(9999));
  EXPECT_TRUE(s.due(35'000));  // slots at 10, 20, 30 ms: one scan now, 20 and 30 skipped
  EXPECT_EQ(s.skipped_slots(), 2u);
  EXPECT_EQ(s.next_due_us(), 40'000u);
  EXPECT_FALSE(s.due(39'999));
  EXPECT_TRUE(s.due(40'000));
}

TEST(ScanScheduler, CatchUpServesLateSlotsAtTheirOwnTimes) {
  ScanScheduler s;
  s.start(100, 0);
  s.set_catch_up_slots(3);
  ASSERT_TRUE(s.due(0));
  EXPECT_EQ(s.slot_us(), 0u);
  // At 55 ms, slots 10..50 ms are due: 50 ms is current, 20..40 ms are the 3 late slots served,
  // 10 ms is older than the window and skipped.
  std::vector<uint64_t> served;
  while (s.due(55'000)) served.push_back(s.slot_us());
  EXPECT_EQ(served, (std::vector<uint64_t>{20'000, 30'000, 40'000, 50'000}));
  EXPECT_EQ(s.skipped_slots(), 1u);
  EXPECT_EQ(s.next_due_us(), 60'000u);
}

}  // namespace
}  // namespace insole::fw
