#include "insole/link/reconnect_schedule.h"

#include <gtest/gtest.h>

namespace insole::link {
namespace {

using namespace std::chrono_literals;

TEST(ReconnectScheduleTest, FailuresBackOffToTheLimitAndAStreamedSessionResets) {
  const auto t0 = ReconnectSchedule::Clock::time_point{} + 1000s;
  ReconnectSchedule s;
  EXPECT_TRUE(s.due(t0));  // never tried
  s.failed(t0);
  EXPECT_FALSE(s.due(t0 + 999ms));
  EXPECT_TRUE(s.due(t0 + 1s));
  auto t = t0 + 1s;
  s.failed(t);  // waits 2 s
  EXPECT_FALSE(s.due(t + 1999ms));
  EXPECT_TRUE(s.due(t + 2s));
  for (int i = 0; i < 10; ++i) s.failed(t);
  EXPECT_EQ(s.failures(), 12);
  EXPECT_FALSE(s.due(t + 29s));
  EXPECT_TRUE(s.due(t + 30s));  // capped
  s.ended_after_streaming(t);
  EXPECT_EQ(s.failures(), 0);
  EXPECT_TRUE(s.due(t + 1s));
  s.failed(t + 1s);
  EXPECT_TRUE(s.due(t + 2s));  // back to the first wait
}

}  // namespace
}  // namespace insole::link
