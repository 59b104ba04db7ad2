// Two fitting stations (two insoled processes, each with its own file) sharing a real
// PostgreSQL server (docs/store-chain.md): a customer made at one is found at the other; with
// the server stopped a station goes on taking customers, says it is offline and how much waits,
// and sends it when the server is back; a deletion at one station reaches the other.
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "child_process.h"
#include "http_test_client.h"
#include "postgres_server.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace http = boost::beast::http;

struct Daemon {
  std::unique_ptr<ChildProcess> process;
  unsigned short port = 0;

  json get(const std::string& target) const {
    return json::parse(http_fetch(port, http::verb::get, target, {}, "").body, nullptr, false);
  }
  HttpReply send(http::verb method, const std::string& target, const json& body) const {
    return http_fetch(port, method, target, {{"Content-Type", "application/json"}}, body.dump());
  }
};

class StoreChainTest : public ScratchDirTest {
 protected:
  Daemon start(const std::string& station, const std::string& uri) {
    const auto config = dir_ / (station + ".conf");
    std::ofstream(config) << "database = " << uri << "\nstation = " << station << "\nstore = Store "
                          << station << "\nsync_interval_s = 1\n";
    Daemon d;
    d.process = std::make_unique<ChildProcess>(std::vector<std::string>{
        INSOLED, "--config", config.string(), "--db", (dir_ / (station + ".db")).string(),
        "--service", "--web", "127.0.0.1:0", "--api-socket", "none"});
    const auto line = d.process->wait_for_line(contains("web dashboard on http://"), 10s, true);
    EXPECT_TRUE(line) << d.process->output();
    if (line) d.port = static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
    return d;
  }
  // Polls until `done` (the stations sync every second here, and soon after a change); false at
  // 30 s.
  static bool eventually(const std::function<bool()>& done) {
    const auto end = std::chrono::steady_clock::now() + 30s;
    while (std::chrono::steady_clock::now() < end) {
      if (done()) return true;
      std::this_thread::sleep_for(200ms);
    }
    return done();
  }
  static std::size_t found(const Daemon& d, const std::string& q) {
    const auto list = d.get("/api/customers?q=" + q);
    return list.is_discarded() ? 0 : list["customers"].size();
  }
};

TEST_F(StoreChainTest, StationsShareCustomersAndOneCutOffCatchesUpWhenTheServerIsBack) {
  PostgresServer server;
  const std::string uri = server.create_database("chain");
  Daemon a = start("mitte-1", uri), b = start("kreuzberg-1", uri);
  ASSERT_NE(a.port, 0);
  ASSERT_NE(b.port, 0);

  const auto made = a.send(http::verb::post, "/api/customers",
                           {{"name", "Maria"}, {"phone", "0171 2345678"}, {"body_mass_kg", 61}});
  ASSERT_EQ(made.status, 200) << made.body;
  ASSERT_TRUE(eventually([&] { return found(b, "2345678") == 1; })) << b.process->output();
  const auto at_b = b.get("/api/customers?q=Maria")["customers"][0];
  EXPECT_EQ(at_b["station"], "mitte-1");
  EXPECT_EQ(at_b["store"], "Store mitte-1");
  EXPECT_EQ(at_b["body_mass_kg"], 61.0);
  const auto shared = b.get("/api/customers");
  EXPECT_EQ(shared["shared"], true);
  EXPECT_EQ(shared["station"], "kreuzberg-1");

  // Cut off: station A goes on; it says it is offline and what waits.
  server.stop();
  const auto offline = a.send(http::verb::post, "/api/customers", {{"name", "Offline Olga"}});
  ASSERT_EQ(offline.status, 200) << offline.body;
  ASSERT_TRUE(eventually([&] {
    const auto sync = a.get("/api/fitting/sync")["sync"];
    return sync["reachable"] == false && sync["waiting"] == 1 && sync["error"].is_string();
  })) << a.get("/api/fitting/sync").dump();
  EXPECT_EQ(found(a, "Olga"), 1u);  // the station itself has her

  server.start();
  ASSERT_TRUE(eventually([&] { return found(b, "Olga") == 1; })) << a.process->output();
  ASSERT_TRUE(eventually([&] {
    const auto sync = a.get("/api/fitting/sync")["sync"];
    return sync["reachable"] == true && sync["waiting"] == 0;
  }));
  EXPECT_EQ(found(b, "Olga"), 1u);  // once, not twice

  // Deleted at B: gone at A too.
  const auto olga_at_b = b.get("/api/customers?q=Olga")["customers"][0]["id"].get<int>();
  EXPECT_EQ(
      b.send(http::verb::delete_, "/api/customers/" + std::to_string(olga_at_b), json()).status,
      200);
  ASSERT_TRUE(eventually([&] { return found(a, "Olga") == 0; })) << a.process->output();
  EXPECT_EQ(found(a, "Maria"), 1u);
  EXPECT_EQ(found(b, "Maria"), 1u);
}

}  // namespace
}  // namespace insole::testing
