#include "insole/session/sequence_tracker.h"

#include <gtest/gtest.h>

namespace insole::session {
namespace {

using V = SequenceTracker::Verdict;

TEST(SequenceTracker, CountsGapsAndLostFrames) {
  SequenceTracker t;
  EXPECT_EQ(t.observe(10), V::kFirst);
  EXPECT_EQ(t.observe(11), V::kInOrder);
  EXPECT_EQ(t.observe(15), V::kGap);
  EXPECT_EQ(t.observe(16), V::kInOrder);
  EXPECT_EQ(t.observe(20), V::kGap);
  EXPECT_EQ(t.gaps(), 2u);
  EXPECT_EQ(t.frames_lost(), 6u);
}

TEST(SequenceTracker, RepeatsAndOldFramesAreStale) {
  SequenceTracker t;
  t.observe(100);
  EXPECT_EQ(t.observe(100), V::kStale);
  EXPECT_EQ(t.observe(50), V::kStale);
  EXPECT_EQ(t.observe(101), V::kInOrder);
  EXPECT_EQ(t.stale(), 2u);
  EXPECT_EQ(t.frames_lost(), 0u);
}

TEST(SequenceTracker, WrapsAroundAt32Bits) {
  SequenceTracker t;
  t.observe(0xfffffffeu);
  EXPECT_EQ(t.observe(0xffffffffu), V::kInOrder);
  EXPECT_EQ(t.observe(0u), V::kInOrder);
  EXPECT_EQ(t.observe(3u), V::kGap);
  EXPECT_EQ(t.frames_lost(), 2u);
}

}  // namespace
}  // namespace insole::session
