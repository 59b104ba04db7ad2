// The local API end to end: two host-firmware insoles on real ptys, insoled recording with its
// API socket, and insolectl status / live as separate processes.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "child_process.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;

bool contains(const std::string& s, const std::string& part) {
  return s.find(part) != std::string::npos;
}

class ApiCliTest : public ScratchDirTest {
 protected:
  void SetUp() override {
    ScratchDirTest::SetUp();
    socket_ = (dir_ / "insoled.sock").string();
  }
  // Starts a simulated insole and returns the pty path from its ready line.
  std::string start_insole(std::unique_ptr<ChildProcess>& proc, const char* side) {
    proc = std::make_unique<ChildProcess>(
        std::vector<std::string>{INSOLE_FW_HOST, "--side", side, "--cadence", "170", "--mass", "70",
                                 "--seed", side[0] == 'L' ? "1" : "2"});
    const auto line =
        proc->wait_for_line([](const auto& l) { return l.rfind("link ", 0) == 0; }, 10s);
    EXPECT_TRUE(line) << proc->output();
    return line ? line->substr(5) : "";
  }
  std::unique_ptr<ChildProcess> start_daemon(const std::vector<std::string>& devices) {
    std::vector<std::string> argv{INSOLED, "--db", db_, "--api-socket", socket_, "--verbose"};
    for (const auto& d : devices) {
      argv.push_back("--device");
      argv.push_back("serial:" + d);
    }
    auto daemon = std::make_unique<ChildProcess>(argv);
    EXPECT_TRUE(
        daemon->wait_for_line([](const auto& l) { return contains(l, "local API on"); }, 20s, true))
        << daemon->output();
    return daemon;
  }
  std::string socket_;
};

TEST_F(ApiCliTest, TheLiveStatusStatesTheRunsShoeItsDistanceAndWearVerdict) {
  {
    auto db = store::open_for_writing(db_);
    store::ShoeRecord shoe;
    shoe.brand = "Asics";
    shoe.model = "Novablast";
    shoe.start_date = "2026-01-01";
    shoe.starting_distance_km = 120;
    store::ShoeStore(*db).add(shoe);
  }
  std::unique_ptr<ChildProcess> left, right;
  const std::string left_pty = start_insole(left, "L");
  const std::string right_pty = start_insole(right, "R");
  ASSERT_FALSE(left_pty.empty() || right_pty.empty());
  auto daemon = start_daemon({left_pty, right_pty});
  ASSERT_TRUE(
      daemon->wait_for_line([](const auto& l) { return contains(l, "step R contact"); }, 20s, true))
      << daemon->output();

  ChildProcess status_json({INSOLECTL, "status", "--json", "--socket", socket_});
  ASSERT_EQ(status_json.wait(20s), 0) << status_json.output();
  const auto status = nlohmann::json::parse(status_json.output());
  const auto& shoe = status["run"]["shoe"];
  ASSERT_TRUE(shoe.is_object()) << status.dump(2);
  EXPECT_EQ(shoe["name"], "Asics Novablast");
  EXPECT_GE(shoe["distance_km"].get<double>(), 120.0);
  EXPECT_EQ(shoe["verdict"], "not_enough_data");
  EXPECT_TRUE(contains(shoe["message"].get<std::string>(), "Not enough data yet")) << shoe;

  ChildProcess table({INSOLECTL, "status", "--socket", socket_});
  ASSERT_EQ(table.wait(20s), 0) << table.output();
  EXPECT_TRUE(contains(table.output(), "  shoe Asics Novablast, 120 km in them: Not enough data"))
      << table.output();
  daemon->signal(SIGTERM);
  EXPECT_EQ(daemon->wait(20s), 0) << daemon->output();
}

TEST_F(ApiCliTest, StatusAndLiveShowBothInsolesStreamingAndTheRunsSteps) {
  std::unique_ptr<ChildProcess> left, right;
  const std::string left_pty = start_insole(left, "L");
  const std::string right_pty = start_insole(right, "R");
  ASSERT_FALSE(left_pty.empty());
  ASSERT_FALSE(right_pty.empty());
  auto daemon = start_daemon({left_pty, right_pty});
  // Four steps of each foot: enough for a cadence (three contacts per foot).
  for (const char* side : {"step L contact", "step R contact"}) {
    for (int i = 0; i < 4; ++i) {
      ASSERT_TRUE(
          daemon->wait_for_line([&](const auto& l) { return contains(l, side); }, 20s, true))
          << daemon->output();
    }
  }

  ChildProcess status_json({INSOLECTL, "status", "--json", "--socket", socket_});
  ASSERT_EQ(status_json.wait(20s), 0) << status_json.output();
  const auto status = nlohmann::json::parse(status_json.output());
  EXPECT_EQ(status["api"], 1);
  EXPECT_EQ(status["daemon"]["database"], db_);
  ASSERT_EQ(status["devices"].size(), 2u) << status.dump(2);
  std::set<std::string> serials;
  for (const auto& d : status["devices"]) {
    SCOPED_TRACE(d.dump());
    EXPECT_EQ(d["state"], "streaming");
    EXPECT_EQ(d["firmware_version"], "0.1.0");
    EXPECT_GT(d["link"]["frames"].get<int>(), 200);
    EXPECT_EQ(d["link"]["crc_errors"], 0);
    EXPECT_TRUE(d["battery_mv"].is_null());  // the host board has no gauge
    serials.insert(d["serial_number"].get<std::string>() + "/" + d["side"].get<std::string>());
    EXPECT_TRUE(contains(d["uri"].get<std::string>(), "serial:/dev/pts/"));
  }
  EXPECT_EQ(serials, (std::set<std::string>{"SIM-L-0001/L", "SIM-R-0001/R"}));
  const auto& run = status["run"];
  ASSERT_TRUE(run.is_object()) << status.dump(2);
  EXPECT_EQ(run["id"], 1);
  EXPECT_GE(run["steps"]["L"].get<int>(), 4);
  EXPECT_GE(run["steps"]["R"].get<int>(), 4);
  EXPECT_GT(run["duration_s"].get<double>(), 1.0);
  ASSERT_TRUE(run["live"]["cadence_spm"].is_number()) << run.dump(2);
  EXPECT_NEAR(run["live"]["cadence_spm"].get<double>(), 170, 10);
  EXPECT_TRUE(run["live"]["feet"]["L"]["last_strike"].is_string());
  EXPECT_TRUE(run["live"]["feet"]["R"]["pronation"].is_string());
  EXPECT_TRUE(run["shoe"].is_null()) << run.dump(2);  // no shoe registered

  ChildProcess table({INSOLECTL, "status", "--socket", socket_});
  ASSERT_EQ(table.wait(20s), 0) << table.output();
  EXPECT_TRUE(contains(table.output(), "SIM-R-0001")) << table.output();
  EXPECT_TRUE(contains(table.output(), "streaming")) << table.output();
  EXPECT_TRUE(contains(table.output(), "Run 1")) << table.output();
  EXPECT_TRUE(contains(table.output(), "shoe: none assigned")) << table.output();

  ChildProcess live({INSOLECTL, "live", "--count", "3", "--socket", socket_});
  ASSERT_EQ(live.wait(30s), 0) << live.output();
  std::istringstream lines(live.output());
  int n = 0;
  for (std::string line; std::getline(lines, line); ++n) {
    EXPECT_TRUE(contains(line, "L:streaming R:streaming")) << line;
    EXPECT_TRUE(contains(line, "run 1")) << line;
  }
  EXPECT_EQ(n, 3) << live.output();

  ChildProcess live_json({INSOLECTL, "live", "--count", "2", "--json", "--socket", socket_});
  ASSERT_EQ(live_json.wait(30s), 0) << live_json.output();
  std::istringstream json_lines(live_json.output());
  for (int seq = 1; seq <= 2; ++seq) {
    std::string line;
    ASSERT_TRUE(std::getline(json_lines, line));
    const auto update = nlohmann::json::parse(line);
    EXPECT_EQ(update["type"], "live");
    EXPECT_EQ(update["seq"], seq);
  }

  // Recording was not disturbed, and the socket goes with the daemon.
  daemon->signal(SIGTERM);
  ASSERT_EQ(daemon->wait(30s), 0) << daemon->output();
  EXPECT_TRUE(contains(daemon->stderr_text(), "run 1 complete")) << daemon->output();
  EXPECT_FALSE(std::filesystem::exists(socket_));
  ChildProcess gone({INSOLECTL, "status", "--socket", socket_});
  EXPECT_EQ(gone.wait(20s), 3);
  EXPECT_EQ(gone.stderr_text(),
            "insolectl: insoled is not running (no socket at " + socket_ + ")\n");
}

TEST_F(ApiCliTest, StaleSocketIsReplacedAndALiveOneRefusesASecondDaemon) {
  {  // A daemon killed with SIGKILL leaves its socket file behind.
    boost::asio::io_context io;
    boost::asio::local::stream_protocol::acceptor dead(
        io, boost::asio::local::stream_protocol::endpoint(socket_));
  }
  ChildProcess stale({INSOLECTL, "status", "--socket", socket_});
  EXPECT_EQ(stale.wait(20s), 3);
  EXPECT_TRUE(contains(stale.stderr_text(), "insoled is not running (stale socket at"))
      << stale.stderr_text();

  std::unique_ptr<ChildProcess> left;
  const std::string left_pty = start_insole(left, "L");
  ASSERT_FALSE(left_pty.empty());
  auto first = start_daemon({left_pty});
  EXPECT_TRUE(contains(first->stderr_text(), "replaced a stale API socket at " + socket_))
      << first->output();

  ChildProcess second({INSOLED, "--db", (dir_ / "other.db").string(), "--device",
                       "serial:/dev/null-nothing", "--api-socket", socket_});
  EXPECT_EQ(second.wait(20s), 1);
  EXPECT_TRUE(contains(second.stderr_text(),
                       "another insoled is already running and answering on " + socket_))
      << second.output();

  ChildProcess status({INSOLECTL, "status", "--json", "--socket", socket_});
  ASSERT_EQ(status.wait(20s), 0) << status.output();
  EXPECT_EQ(nlohmann::json::parse(status.output())["daemon"]["database"], db_);

  ChildProcess bad_tcp(
      {INSOLED, "--db", db_, "--device", "serial:" + left_pty, "--api-tcp", "0.0.0.0:7788"});
  EXPECT_EQ(bad_tcp.wait(20s), 2);
  EXPECT_TRUE(contains(bad_tcp.stderr_text(), "not a loopback address")) << bad_tcp.output();

  first->signal(SIGTERM);
  EXPECT_EQ(first->wait(30s), 0) << first->output();
}

}  // namespace
}  // namespace insole::testing
