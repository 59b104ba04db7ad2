#include "insole/session/gap_recovery.h"

#include <gtest/gtest.h>

#include <vector>

namespace insole::session {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

HeldFrame frame(std::uint32_t sequence) {
  HeldFrame h;
  h.frame.sequence = sequence;
  return h;
}

std::vector<std::uint32_t> drain(GapRecovery& g) {
  std::vector<std::uint32_t> out;
  while (auto f = g.pop()) out.push_back(f->frame.sequence);
  return out;
}

std::vector<std::uint32_t> range(std::uint32_t first, std::uint32_t end) {
  std::vector<std::uint32_t> v;
  for (std::uint32_t s = first; s < end; ++s) v.push_back(s);
  return v;
}

TEST(GapRecovery, InOrderFramesPassStraightThrough) {
  GapRecovery g({});
  const auto t = Clock::now();
  for (std::uint32_t s = 40; s < 45; ++s) EXPECT_TRUE(g.live(frame(s), t).empty());
  EXPECT_EQ(drain(g), range(40, 45));
  EXPECT_EQ(g.gaps(), 0u);
  EXPECT_EQ(g.lost(), 0u);
}

TEST(GapRecovery, HoldsNewerFramesUntilTheGapIsRefilled) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.live(frame(1), t);
  const auto requests = g.live(frame(5), t);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].first, 2u);
  EXPECT_EQ(requests[0].count, 3u);
  g.live(frame(6), t);
  EXPECT_EQ(drain(g), std::vector<std::uint32_t>{1});  // 5 and 6 wait for 2..4
  g.recovered(frame(2));
  g.recovered(frame(3));
  EXPECT_EQ(drain(g), (std::vector<std::uint32_t>{2, 3}));
  g.recovered(frame(4));
  EXPECT_FALSE(g.range_done(2, 3, t));
  EXPECT_EQ(drain(g), (std::vector<std::uint32_t>{4, 5, 6}));
  EXPECT_EQ(g.missed(), 3u);
  EXPECT_EQ(g.recovered_count(), 3u);
  EXPECT_EQ(g.lost(), 0u);
  EXPECT_FALSE(g.waiting());
}

TEST(GapRecovery, WhatTheDeviceNoLongerHasIsCountedLost) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.live(frame(10), t);
  g.live(frame(20), t);
  g.recovered(frame(15));
  g.recovered(frame(16));
  // Asked once more for what did not come (the device may have sent it, damaged on the way).
  const auto again = g.range_done(11, 9, t);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->first, 11u);
  EXPECT_EQ(again->count, 9u);
  g.recovered(frame(11));
  const auto third = g.range_done(11, 9, t);  // the second answer: nothing more is asked
  EXPECT_FALSE(third);
  EXPECT_EQ(drain(g), (std::vector<std::uint32_t>{10, 11, 15, 16, 20}));
  EXPECT_EQ(g.lost(), 6u);
  g.recovered(frame(12));  // too late: already given up, never delivered out of order
  EXPECT_TRUE(drain(g).empty());
  EXPECT_EQ(g.stale(), 1u);
}

TEST(GapRecovery, LongGapsAreRequestedInPiecesTheDeviceAccepts) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.live(frame(0), t);
  const auto requests = g.live(frame(2501), t);
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].first, 1u);
  EXPECT_EQ(requests[0].count, 1000u);
  EXPECT_EQ(requests[2].first, 2001u);
  EXPECT_EQ(requests[2].count, 500u);
}

TEST(GapRecovery, GivesUpAfterTheTimeoutOrWithAnOldDevice) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.live(frame(1), t);
  g.live(frame(4), t);
  g.tick(t + 5s);
  EXPECT_EQ(drain(g), std::vector<std::uint32_t>{1});
  g.tick(t + 11s);
  EXPECT_EQ(drain(g), std::vector<std::uint32_t>{4});
  EXPECT_EQ(g.lost(), 2u);

  GapRecovery old({.device_can_resend = false});
  old.live(frame(1), t);
  EXPECT_TRUE(old.live(frame(4), t).empty());
  EXPECT_EQ(drain(old), (std::vector<std::uint32_t>{1, 4}));
  EXPECT_EQ(old.lost(), 2u);
}

TEST(GapRecovery, BoundsWhatItHolds) {
  GapRecovery g({.max_held = 100});
  const auto t = Clock::now();
  g.live(frame(0), t);
  g.live(frame(2), t);  // 1 requested
  for (std::uint32_t s = 3; s < 200; ++s) g.live(frame(s), t);
  const auto out = drain(g);
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), 199u);
  EXPECT_EQ(g.lost(), 1u);
}

TEST(GapRecovery, ResumesAfterAReconnect) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.expect(101);  // the run has 0..100 from before the device was unplugged
  const auto requests = g.live(frame(900), t);
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].first, 101u);
  EXPECT_EQ(requests[0].count, 799u);
  for (std::uint32_t s = 101; s < 900; ++s) g.recovered(frame(s));
  EXPECT_FALSE(g.range_done(101, 799, t));
  EXPECT_EQ(drain(g), range(101, 901));
  EXPECT_EQ(g.lost(), 0u);
}

TEST(GapRecovery, SetsHeldFramesAsideWhenTheLinkGoesWithoutCountingThemLost) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.live(frame(1), t);
  g.live(frame(2), t);
  g.live(frame(5), t);  // 3, 4 requested
  g.live(frame(6), t);
  EXPECT_EQ(drain(g), (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(g.set_aside(), 2u);  // 5 and 6: the next session re-reads 3.. from the insole
  EXPECT_FALSE(g.waiting());
  EXPECT_TRUE(drain(g).empty());
  EXPECT_EQ(g.lost(), 0u);
}

TEST(GapRecovery, RepeatsAndOldFramesAreStaleAndSequenceNumbersWrap) {
  GapRecovery g({});
  const auto t = Clock::now();
  g.live(frame(0xfffffffe), t);
  g.live(frame(0xffffffff), t);
  g.live(frame(0xffffffff), t);  // repeated
  g.live(frame(0), t);
  g.live(frame(0xfffffff0), t);  // old
  EXPECT_EQ(drain(g), (std::vector<std::uint32_t>{0xfffffffe, 0xffffffff, 0}));
  EXPECT_EQ(g.stale(), 2u);
  EXPECT_EQ(g.gaps(), 0u);
}

}  // namespace
}  // namespace insole::session
