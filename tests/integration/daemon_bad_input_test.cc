// insoled facing bad input: a device speaking another major version, a silent port, a database
// path that cannot be used. Each must end with a clear message and a non-zero exit, never a
// crash, and must not damage what is already stored.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "child_process.h"
#include "fake_pty_device.h"
#include "insole/protocol_version.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class DaemonBadInputTest : public ScratchDirTest {};

insole::v1::DeviceMessage info_reply(uint32_t major) {
  insole::v1::DeviceMessage m;
  auto* info = m.mutable_info();
  info->set_protocol_major(major);
  info->set_protocol_minor(1);
  info->set_serial_number("FUTURE-1");
  info->set_side(insole::v1::SIDE_LEFT);
  info->set_sensel_count(64);
  info->set_newtons_per_count(0.1f);
  return m;
}

TEST_F(DaemonBadInputTest, RefusesUnknownMajorVersionWithAClearMessage) {
  {  // an earlier run that must survive
    auto db = store::open_for_writing(db_);
    store::RunWriter w(*db);
    w.finish(w.begin_run(200), "complete");
  }
  FakePtyDevice device([](const insole::v1::Command& c) {
    std::vector<insole::v1::DeviceMessage> out;
    if (c.has_request_info()) out.push_back(info_reply(kProtocolMajor + 1));
    return out;
  });
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + device.path()});
  const auto status = daemon.wait(30s);
  ASSERT_TRUE(status) << daemon.output();
  EXPECT_EQ(*status, 1);
  const std::string err = daemon.stderr_text();
  EXPECT_NE(
      err.find("FUTURE-1 speaks insole protocol " + std::to_string(kProtocolMajor + 1) + ".1"),
      std::string::npos)
      << err;
  EXPECT_NE(err.find("update insoled"), std::string::npos) << err;
  EXPECT_NE(err.find("nothing recorded"), std::string::npos) << err;

  auto db = store::open_for_reading(db_);
  const auto runs = store::RunReader(*db).runs();
  ASSERT_EQ(runs.size(), 1u);  // no run for the refused device
  EXPECT_EQ(runs[0].status, "complete");
}

TEST_F(DaemonBadInputTest, UnknownSenselGridIsRefusedEvenWhileTheDeviceStreams) {
  FakePtyDevice device([](const insole::v1::Command& c) {
    std::vector<insole::v1::DeviceMessage> out;
    if (c.has_request_info()) {
      auto m = info_reply(kProtocolMajor);
      m.mutable_info()->set_grid_id("eu99-r9");
      out.push_back(m);
    }
    if (c.has_start_streaming()) {
      out.emplace_back().mutable_ack();
      for (uint32_t i = 0; i < 20; ++i) {  // frames arrive before the daemon has said no
        auto& f = *out.emplace_back().mutable_frame();
        f.set_sequence(i);
        f.set_device_time_us(5000ull * i);
        f.set_readings(std::string(96, '\0'));
      }
    }
    return out;
  });
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + device.path()});
  ASSERT_EQ(daemon.wait(30s), 1) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("sensel grid 'eu99-r9', unknown to this insoled"),
            std::string::npos)
      << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("nothing recorded"), std::string::npos) << daemon.output();
}

TEST_F(DaemonBadInputTest, SilentPortGivesUpWithAReason) {
  FakePtyDevice mute(
      [](const insole::v1::Command&) { return std::vector<insole::v1::DeviceMessage>{}; });
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:" + mute.path()});
  ASSERT_EQ(daemon.wait(30s), 1) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("no answer from serial:" + mute.path()), std::string::npos)
      << daemon.output();
  EXPECT_GE(mute.commands_seen(), 3);  // it retried
}

TEST_F(DaemonBadInputTest, MissingDevicePathIsReported) {
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:/dev/does-not-exist"});
  ASSERT_EQ(daemon.wait(30s), 1) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("cannot open /dev/does-not-exist"), std::string::npos)
      << daemon.output();
}

TEST_F(DaemonBadInputTest, UnusableDatabasePathIsReportedBeforeTouchingDevices) {
  FakePtyDevice device(
      [](const insole::v1::Command&) { return std::vector<insole::v1::DeviceMessage>{}; });
  ChildProcess daemon({INSOLED, "--db", (dir_ / "missing" / "insole.db").string(), "--device",
                       "serial:" + device.path()});
  ASSERT_EQ(daemon.wait(30s), 1) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("does not exist"), std::string::npos) << daemon.output();
  EXPECT_EQ(device.commands_seen(), 0);
}

TEST_F(DaemonBadInputTest, ReadOnlyDatabaseLocationIsReported) {
  // /proc refuses to create files even for root, so this holds in CI containers too.
  ChildProcess daemon({INSOLED, "--db", "/proc/self/insole.db", "--device", "serial:/dev/null"});
  ASSERT_EQ(daemon.wait(10s), 1) << daemon.output();
  EXPECT_NE(daemon.stderr_text().find("cannot open database /proc/self/insole.db"),
            std::string::npos)
      << daemon.output();
}

TEST_F(DaemonBadInputTest, BadArgumentsExitWithUsage) {
  ChildProcess daemon({INSOLED, "--db", db_, "--device", "serial:/dev/null", "--rate", "5"});
  ASSERT_EQ(daemon.wait(10s), 2);
  EXPECT_NE(daemon.stderr_text().find("--rate must be 50..1000 Hz"), std::string::npos);
}

}  // namespace
}  // namespace insole::testing
