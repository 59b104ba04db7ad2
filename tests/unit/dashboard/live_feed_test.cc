#include "insole/dashboard/live_feed.h"

#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

namespace insole::dashboard {
namespace {

using nlohmann::json;

analysis::Layout three_sensels() {
  analysis::Layout l;
  l.name = "test";
  l.foot_length_mm = 270;
  l.sensels = {{0, 20, 100}, {10, 150, 100}, {-10, 250, 50}};
  return l;
}

session::SensorFrame frame_of(std::uint32_t seq, std::vector<float> forces) {
  session::SensorFrame f;
  f.sequence = seq;
  f.forces_n = std::move(forces);
  for (const float v : f.forces_n) f.total_n += static_cast<double>(v);
  return f;
}

TEST(LiveFeedTest, CentreOfPressureIsTheForceWeightedMeanAndNoneWhenUnloaded) {
  const auto l = three_sensels();
  const auto cop = LiveFeed::centre_of_pressure(l, {30, 10, 0});
  ASSERT_TRUE(cop);
  EXPECT_DOUBLE_EQ(cop->first, 2.5);
  EXPECT_DOUBLE_EQ(cop->second, (30 * 20 + 10 * 150) / 40.0);
  EXPECT_FALSE(LiveFeed::centre_of_pressure(l, {5, 5, 5}));             // under 20 N: in the air
  EXPECT_FALSE(LiveFeed::centre_of_pressure(l, {50, 50}));              // wrong size
  const auto negative = LiveFeed::centre_of_pressure(l, {-40, 0, 40});  // offsets below zero
  ASSERT_TRUE(negative);
  EXPECT_DOUBLE_EQ(negative->second, 250);
}

TEST(LiveFeedTest, EachTickSendsOnlyTheNewestUnsentFrameOfEachFoot) {
  LiveFeed feed;
  const auto layout_message =
      feed.device_ready("SIM-L", analysis::Side::kLeft, "g1", three_sensels());
  ASSERT_TRUE(layout_message);
  const json layout = json::parse(*layout_message);
  EXPECT_EQ(layout["type"], "layout");
  EXPECT_EQ(layout["side"], "L");
  EXPECT_EQ(layout["sensels"].size(), 3u);
  EXPECT_DOUBLE_EQ(layout["foot_width_mm"].get<double>(), 0.38 * 270);
  feed.device_ready("SIM-R", analysis::Side::kRight, "g1", three_sensels());
  EXPECT_EQ(feed.layouts().size(), 2u);

  EXPECT_FALSE(feed.tick(1000));  // nothing yet
  feed.frame("SIM-L", frame_of(1, {1, 2, 3}), 990);
  feed.frame("SIM-L", frame_of(2, {100.04f, 0, 0}), 995);
  feed.frame("NOBODY", frame_of(7, {1, 1, 1}), 995);  // an insole with no layout: ignored
  const auto first = feed.tick(1000);
  ASSERT_TRUE(first);
  const json m = json::parse(*first);
  EXPECT_EQ(m["type"], "frame");
  EXPECT_EQ(m["sent_ms"], 1000);
  ASSERT_TRUE(m["feet"].contains("L"));
  EXPECT_FALSE(m["feet"].contains("R"));
  EXPECT_EQ(m["feet"]["L"]["seq"], 2);
  EXPECT_EQ(m["feet"]["L"]["received_ms"], 995);
  EXPECT_DOUBLE_EQ(m["feet"]["L"]["forces_n"][0].get<double>(), 100.0);
  EXPECT_DOUBLE_EQ(m["feet"]["L"]["cop"][1].get<double>(), 20.0);
  EXPECT_FALSE(feed.tick(1020));  // already sent
  feed.frame("SIM-R", frame_of(9, {0, 0, 0}), 1030);
  const json r = json::parse(*feed.tick(1040));
  EXPECT_TRUE(r["feet"]["R"]["cop"].is_null());
}

TEST(LiveFeedTest, AnUnknownGridShowsNoMap) {
  LiveFeed feed;
  feed.device_ready("SIM-L", analysis::Side::kLeft, "g1", three_sensels());
  EXPECT_FALSE(feed.device_ready("SIM-L", analysis::Side::kLeft, "future-grid", std::nullopt));
  EXPECT_TRUE(feed.layouts().empty());
  feed.frame("SIM-L", frame_of(1, {1, 2, 3}), 1);
  EXPECT_FALSE(feed.tick(2));
}

TEST(LiveFeedTest, StepMessagesCarryTheClassesAndNullForUndefinedIndices) {
  analysis::Step s;
  s.side = analysis::Side::kRight;
  s.contact_s = 10;
  s.toe_off_s = 10.25;
  s.strike = analysis::Strike::kMidfoot;
  s.flat_foot = true;
  s.pronation = analysis::Pronation::kOver;
  s.pronation_index = 7.5;
  const json m = json::parse(LiveFeed::step_message(s));
  EXPECT_EQ(m["type"], "step");
  EXPECT_EQ(m["side"], "R");
  EXPECT_DOUBLE_EQ(m["contact_time_ms"].get<double>(), 250);
  EXPECT_EQ(m["strike"], "midfoot");
  EXPECT_EQ(m["flat_foot"], true);
  EXPECT_EQ(m["pronation"], "over");
  EXPECT_DOUBLE_EQ(m["pronation_index"].get<double>(), 7.5);
  s.pronation_index = std::numeric_limits<double>::quiet_NaN();  // no centre-of-pressure path
  EXPECT_TRUE(json::parse(LiveFeed::step_message(s))["pronation_index"].is_null());
}

}  // namespace
}  // namespace insole::dashboard
