#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "insole/api/status.h"
#include "insole/api/status_json.h"

namespace insole::api {
namespace {

Status sample_status() {
  Status s;
  s.daemon_version = "0.1.0";
  s.pid = 42;
  s.uptime_s = 12.5;
  s.database = "/var/lib/insole/insole.db";
  DeviceStatus d;
  d.uri = "serial:/dev/ttyACM0";
  d.serial_number = "SIM-L-0001";
  d.side = 'L';
  d.firmware_version = "0.1.0";
  d.state = DeviceState::kStreaming;
  d.link.frames = 990;
  d.link.crc_errors = 2;
  d.link.malformed = 1;
  d.link.sequence_gaps = 3;
  d.link.frames_lost = 10;
  d.link.frames_recovered = 20;
  s.devices.push_back(d);
  d.uri = "serial:/dev/ttyACM1";
  d.side = 'R';
  d.state = DeviceState::kReconnecting;
  d.battery_mv = 3900;
  d.link = {};
  s.devices.push_back(d);
  return s;
}

TEST(StatusJson, CarriesTheSchemaVersionAndEveryDeviceField) {
  const nlohmann::json j = to_json(sample_status());
  EXPECT_EQ(j["api"], 1);
  EXPECT_EQ(j["type"], "status");
  EXPECT_FALSE(j.contains("seq"));
  EXPECT_EQ(j["daemon"]["version"], "0.1.0");
  EXPECT_EQ(j["daemon"]["pid"], 42);
  EXPECT_DOUBLE_EQ(j["daemon"]["uptime_s"].get<double>(), 12.5);
  EXPECT_EQ(j["daemon"]["database"], "/var/lib/insole/insole.db");
  ASSERT_EQ(j["devices"].size(), 2u);
  const auto& left = j["devices"][0];
  EXPECT_EQ(left["uri"], "serial:/dev/ttyACM0");
  EXPECT_EQ(left["side"], "L");
  EXPECT_EQ(left["state"], "streaming");
  EXPECT_TRUE(left["battery_mv"].is_null());
  EXPECT_EQ(left["link"]["frames"], 990);
  EXPECT_EQ(left["link"]["crc_errors"], 2);
  EXPECT_EQ(left["link"]["malformed"], 1);
  EXPECT_EQ(left["link"]["sequence_gaps"], 3);
  EXPECT_EQ(left["link"]["frames_lost"], 10);
  EXPECT_EQ(left["link"]["frames_recovered"], 20);
  // 10 frames lost for good of 1000 scanned.
  EXPECT_DOUBLE_EQ(left["link"]["loss_ratio"].get<double>(), 0.01);
  EXPECT_EQ(j["devices"][1]["state"], "reconnecting");
  EXPECT_EQ(j["devices"][1]["battery_mv"], 3900);
  EXPECT_DOUBLE_EQ(j["devices"][1]["link"]["loss_ratio"].get<double>(), 0.0);
  EXPECT_TRUE(j["run"].is_null());
}

TEST(StatusJson, RunWithLiveMetricsAndUnknownsAsNull) {
  Status s = sample_status();
  RunStatus run;
  run.id = 7;
  run.started_at = "2026-11-21T16:35:07.786Z";
  run.duration_s = 31.5;
  run.steps_left = 40;
  run.steps_right = 41;
  run.live.window_steps = 40;
  run.live.cadence_spm = 168.0;
  run.live.left.steps = 20;
  run.live.left.last_strike = "midfoot";
  run.live.left.flat_foot_pct = 95.0;
  run.live.left.pronation = "over";
  run.live.left.pronation_index = 7.5;
  run.live.asymmetry.push_back({"peak_force", 9.1, true});
  run.live.asymmetry.push_back({"impulse", std::nullopt, false});
  run.live.alerts.push_back({"imbalance", "", "peak_force", "peak force +9.1%"});
  s.run = run;
  const nlohmann::json j = to_json(s, "live", 3);
  EXPECT_EQ(j["type"], "live");
  EXPECT_EQ(j["seq"], 3);
  EXPECT_EQ(j["run"]["id"], 7);
  EXPECT_EQ(j["run"]["started_at"], "2026-11-21T16:35:07.786Z");
  EXPECT_EQ(j["run"]["steps"]["L"], 40);
  EXPECT_EQ(j["run"]["steps"]["R"], 41);
  const auto& live = j["run"]["live"];
  EXPECT_EQ(live["cadence_spm"], 168.0);
  EXPECT_TRUE(live["since_last_step_s"].is_null());
  EXPECT_EQ(live["feet"]["L"]["last_strike"], "midfoot");
  EXPECT_EQ(live["feet"]["L"]["pronation"], "over");
  EXPECT_TRUE(live["feet"]["R"]["last_strike"].is_null());
  EXPECT_TRUE(live["feet"]["R"]["flat_foot_pct"].is_null());
  EXPECT_EQ(live["asymmetry"]["peak_force"]["si_pct"], 9.1);
  EXPECT_EQ(live["asymmetry"]["peak_force"]["flagged"], true);
  EXPECT_TRUE(live["asymmetry"]["impulse"]["si_pct"].is_null());
  ASSERT_EQ(live["alerts"].size(), 1u);
  EXPECT_EQ(live["alerts"][0]["code"], "imbalance");
  EXPECT_EQ(live["alerts"][0]["metric"], "peak_force");
}

TEST(StatusJson, ErrorObject) {
  const nlohmann::json j = error_json("bad");
  EXPECT_EQ(j, (nlohmann::json{{"api", 1}, {"error", "bad"}}));
}

TEST(LinkQuality, LossRatioCountsFramesLostForGood) {
  LinkQuality q;
  EXPECT_DOUBLE_EQ(q.loss_ratio(), 0.0);
  q.frames = 100;  // recovered frames are delivered frames
  q.frames_recovered = 5;
  EXPECT_DOUBLE_EQ(q.loss_ratio(), 0.0);
  q.frames_lost = 5;
  EXPECT_NEAR(q.loss_ratio(), 5.0 / 105.0, 1e-12);
}

}  // namespace
}  // namespace insole::api
