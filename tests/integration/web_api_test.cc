// insoled's web dashboard as a process: its JSON API and live WebSocket with two host-firmware
// insoles streaming over ptys, a run recorded before, and a store fitting of two shoes.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <csignal>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "child_process.h"
#include "http_test_client.h"
#include "insole/run/run_frames.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

struct Reply {
  int status = 0;
  json body;
};

class WebApiTest : public ScratchDirTest {
 protected:
  std::string start_insole(std::unique_ptr<ChildProcess>& proc, const char* side) {
    proc = std::make_unique<ChildProcess>(
        std::vector<std::string>{INSOLE_FW_HOST, "--side", side, "--cadence", "170"});
    const auto line = proc->wait_for_line(contains("link "), 10s);
    EXPECT_TRUE(line) << proc->output();
    return line ? line->substr(5) : "";
  }

  // insoled serving the dashboard on a free port; returns the port.
  unsigned short start_daemon(std::vector<std::string> extra) {
    std::vector<std::string> argv{INSOLED, "--db", db_, "--service", "--web", "127.0.0.1:0"};
    argv.insert(argv.end(), extra.begin(), extra.end());
    daemon_ = std::make_unique<ChildProcess>(argv);
    const auto line = daemon_->wait_for_line(contains("web dashboard on http://"), 10s, true);
    EXPECT_TRUE(line) << daemon_->output();
    if (!line) return 0;
    return static_cast<unsigned short>(std::stoi(line->substr(line->rfind(':') + 1)));
  }

  // Starts the daemon on both insoles' ptys and waits until it announced both; false (with the
  // failure recorded) otherwise.
  bool serve_pair(const std::string& l, const std::string& r) {
    port_ = start_daemon(
        {"--config", "/dev/null", "--device", "serial:" + l, "--device", "serial:" + r});
    if (port_ == 0) return false;
    for (const char* announced : {"SIM-L-0001 (L", "SIM-R-0001 (R"}) {
      if (daemon_->output().find(announced) != std::string::npos) continue;
      if (!daemon_->wait_for_line(contains(announced), 20s, true)) {
        ADD_FAILURE() << "insoled never announced " << announced << ": " << daemon_->output();
        return false;
      }
    }
    return true;
  }

  Reply call(http::verb method, const std::string& target, const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!body.empty()) headers.emplace_back("Content-Type", "application/json");
    const auto r = http_fetch(port_, method, target, headers, body);
    return {r.status, json::parse(r.body, nullptr, false)};
  }
  Reply get(const std::string& target) { return call(http::verb::get, target); }
  Reply post(const std::string& target, const json& body) {
    return call(http::verb::post, target, body.dump());
  }

  // Starts a trial and waits until the daemon stored it (it stops itself at target_s).
  json run_trial(std::int64_t customer, const std::string& shoe) {
    const auto started = post("/api/customers/" + std::to_string(customer) + "/trials",
                              {{"shoe", shoe}, {"target_s", 6}});
    EXPECT_EQ(started.status, 200) << started.body;
    EXPECT_EQ(
        post("/api/customers/" + std::to_string(customer) + "/trials", {{"shoe", "x"}}).status,
        409);  // one at a time
    const auto line =
        daemon_->wait_for_line(contains("fitting trial of " + shoe + " stored"), 30s, true);
    EXPECT_TRUE(line) << daemon_->output();
    const auto active = get("/api/trials/active");
    EXPECT_TRUE(active.body["trial"].is_null());
    EXPECT_EQ(active.body["last"]["shoe"], shoe);
    // A page whose stop comes after the trial ended by itself gets the stored trial.
    const auto late = post("/api/trials/" + std::to_string(started.body["id"].get<int>()) + "/stop",
                           json::object());
    EXPECT_EQ(late.status, 200) << late.body;
    EXPECT_EQ(late.body["trial"]["id"], active.body["last"]["id"]);
    EXPECT_EQ(post("/api/trials/999/stop", json::object()).status, 404);
    return active.body["last"];
  }

  std::unique_ptr<ChildProcess> daemon_;
  unsigned short port_ = 0;
};

TEST_F(WebApiTest, WithoutInsolesCustomersCanBeKeptButNoTrialStarts) {
  port_ = start_daemon({"--config", "/dev/null"});
  ASSERT_NE(port_, 0);
  EXPECT_EQ(get("/api/runs").body["runs"].size(), 0u);
  EXPECT_EQ(get("/api/runs/7").status, 404);
  EXPECT_EQ(get("/api/runs/abc").status, 404);
  EXPECT_EQ(get("/api/nothing").status, 404);
  EXPECT_EQ(call(http::verb::delete_, "/api/runs").status, 405);
  EXPECT_EQ(post("/api/customers", {{"notes", "no name"}}).status, 400);
  EXPECT_EQ(call(http::verb::post, "/api/customers", "not json").status, 400);
  const auto added = post("/api/customers", {{"name", "Sam"}, {"notes", "wide feet"}});
  ASSERT_EQ(added.status, 200) << added.body;
  const auto id = added.body["id"].get<std::int64_t>();
  const auto refused = post("/api/customers/" + std::to_string(id) + "/trials", {{"shoe", "A"}});
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body["error"].get<std::string>().find("no insole is streaming"),
            std::string::npos);
  EXPECT_EQ(post("/api/customers/99/trials", {{"shoe", "A"}}).status, 404);
  EXPECT_EQ(get("/api/customers").body["customers"][0]["name"], "Sam");
  EXPECT_EQ(call(http::verb::delete_, "/api/customers/" + std::to_string(id)).status, 200);
  EXPECT_EQ(get("/api/customers/" + std::to_string(id)).status, 404);
  EXPECT_EQ(get("/api/customers").body["customers"].size(), 0u);
  const auto page = call(http::verb::get, "/");
  EXPECT_EQ(page.status, 200);  // the page itself (HTML: not JSON)
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait(20s), 0) << daemon_->output();
}

TEST_F(WebApiTest, BeyondTheLoopbackATokenIsRequired) {
  ChildProcess open_to_all({INSOLED, "--db", db_, "--config", "/dev/null", "--web", "0.0.0.0:0"});
  // A configuration error, like a malformed file (issue 13: it was exit 1).
  ASSERT_EQ(open_to_all.wait(20s), 2) << open_to_all.output();
  EXPECT_NE(open_to_all.output().find("is reachable from other machines: set web_token"),
            std::string::npos)
      << open_to_all.output();
  port_ = start_daemon({"--config", "/dev/null", "--web", "0.0.0.0:0", "--web-token", "s3cret"});
  ASSERT_NE(port_, 0);
  EXPECT_EQ(get("/api/runs").status, 401);
  EXPECT_EQ(get("/api/runs?token=s3cret").status, 200);
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait(20s), 0) << daemon_->output();
}

TEST_F(WebApiTest, ReportsLiveFeedAndATwoShoeFittingAgainstRealInsoles) {
  std::unique_ptr<ChildProcess> left, right;
  const std::string l = start_insole(left, "L");
  const std::string r = start_insole(right, "R");
  ASSERT_FALSE(l.empty() || r.empty());
  {
    // A finished run to report on.
    ChildProcess once({INSOLED, "--db", db_, "--device", "serial:" + l, "--device", "serial:" + r,
                       "--duration", "8"});
    ASSERT_EQ(once.wait(40s), 0) << once.output();
  }
  ASSERT_TRUE(serve_pair(l, r));

  // The run recorded before: listed, reported with distributions and per-step series.
  const auto runs = get("/api/runs");
  ASSERT_EQ(runs.status, 200);
  ASSERT_GE(runs.body["runs"].size(), 1u);
  const auto first = runs.body["runs"].back();
  EXPECT_EQ(first["status"], "complete");
  const auto report = get("/api/runs/" + std::to_string(first["id"].get<int>()));
  ASSERT_EQ(report.status, 200);
  const auto& b = report.body;
  ASSERT_TRUE(b["summary"].is_object()) << b;
  EXPECT_GT(b["summary"]["cadence_spm"].get<double>(), 150);
  for (const char* side : {"L", "R"}) {
    const auto& d = b["distribution"][side];
    const int strikes = d["strike"]["rearfoot"].get<int>() + d["strike"]["midfoot"].get<int>() +
                        d["strike"]["forefoot"].get<int>();
    EXPECT_GT(strikes, 5) << side;
    EXPECT_EQ(b["series"][side]["t_s"].size(), static_cast<std::size_t>(strikes));
    EXPECT_EQ(b["series"][side]["peak_force_n"].size(), static_cast<std::size_t>(strikes));
  }
  EXPECT_TRUE(b["summary"]["asymmetry"]["peak_force"]["ci95"].is_array());
  EXPECT_EQ(get("/api/trends").body["runs"].size(), 1u);
  EXPECT_EQ(get("/api/shoes").body["shoes"].size(), 0u);

  // The live feed: both layouts first, then frames of 64 forces at tens per second.
  {
    asio::io_context io;
    websocket::stream<tcp::socket> ws(io);
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    ws.handshake("127.0.0.1:" + std::to_string(port_), "/ws/live");
    std::set<std::string> layouts;
    int frames = 0, steps = 0;
    const auto start = std::chrono::steady_clock::now();
    while (std::chrono::steady_clock::now() - start < 3s) {
      beast::flat_buffer buf;
      ws.read(buf);
      const json m = json::parse(beast::buffers_to_string(buf.data()));
      if (m["type"] == "layout") {
        EXPECT_EQ(frames, 0) << "layouts come first";
        EXPECT_EQ(m["sensels"].size(), 64u);
        layouts.insert(m["side"].get<std::string>());
      } else if (m["type"] == "frame") {
        ++frames;
        for (const auto& [side, foot] : m["feet"].items()) {
          EXPECT_EQ(foot["forces_n"].size(), 64u) << side;
        }
      } else if (m["type"] == "step") {
        ++steps;
      }
    }
    EXPECT_EQ(layouts, (std::set<std::string>{"L", "R"}));
    EXPECT_GE(frames, 90);  // 50 a second are prepared; 30 a second is the page's floor
    EXPECT_GT(steps, 4);
    ws.close(websocket::close_code::normal);
  }

  // A store fitting: a customer, two shoes, comfort ratings, the comparison.
  // Alex gives a body mass: the first trial's loading rate per body weight uses it; taken
  // back before the second, that trial estimates body weight from the steps again.
  const auto customer = post("/api/customers", {{"name", "Alex"}, {"body_mass_kg", 68}});
  ASSERT_EQ(customer.status, 200);
  const auto id = customer.body["id"].get<std::int64_t>();
  const json a = run_trial(id, "Trail A 42");
  EXPECT_NEAR(a["result"]["body_weight_n"].get<double>(), 68 * 9.80665, 1e-6) << a;
  const auto cleared = call(http::verb::put, "/api/customers/" + std::to_string(id) + "/body-mass",
                            R"({"body_mass_kg":null})");
  ASSERT_EQ(cleared.status, 200);
  EXPECT_TRUE(cleared.body["customer"]["body_mass_kg"].is_null());
  const json c = run_trial(id, "Road B 42");
  EXPECT_GT(c["result"]["body_weight_n"].get<double>(), 0) << c;
  EXPECT_GT(std::abs(c["result"]["body_weight_n"].get<double>() - 68 * 9.80665), 1e-3) << c;
  for (const json* t : {&a, &c}) {
    ASSERT_TRUE((*t)["result"].is_object()) << *t;
    for (const char* side : {"L", "R"}) {
      const auto& foot = (*t)["result"][side];
      EXPECT_GE(foot["steps"].get<int>(), 5) << side;
      EXPECT_EQ(foot["pressure_map_kpa"].size(), 64u);
      EXPECT_EQ(foot["cop_path"].size(), 21u);
      EXPECT_GT(foot["peak_pressure_kpa"].get<double>(), 0);
    }
  }
  EXPECT_EQ(call(http::verb::put, "/api/trials/" + std::to_string(a["id"].get<int>()),
                 R"({"comfort":11})")
                .status,
            400);
  EXPECT_EQ(
      call(http::verb::put, "/api/trials/" + std::to_string(a["id"].get<int>()), R"({"comfort":9})")
          .status,
      200);
  EXPECT_EQ(
      call(http::verb::put, "/api/trials/" + std::to_string(c["id"].get<int>()), R"({"comfort":4})")
          .status,
      200);
  const auto comparison = get("/api/customers/" + std::to_string(id) + "/comparison");
  ASSERT_EQ(comparison.status, 200);
  const auto& ranking = comparison.body["ranking"];
  ASSERT_EQ(ranking.size(), 2u) << comparison.body;
  // Same runner, same gait: the measurements differ by noise only, so comfort decides.
  EXPECT_EQ(ranking[0]["trial_id"], a["id"]) << comparison.body;
  EXPECT_FALSE(ranking[0]["reasons"].empty());
  EXPECT_NE(comparison.body["summary"].get<std::string>().find("Trail A 42"), std::string::npos);
  EXPECT_EQ(comparison.body["trials"].size(), 2u);

  // The customer asks to be forgotten.
  EXPECT_EQ(call(http::verb::delete_, "/api/customers/" + std::to_string(id)).status, 200);
  EXPECT_EQ(get("/api/customers/" + std::to_string(id) + "/comparison").status, 404);
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait(20s), 0) << daemon_->output();
}

// The file and its write-ahead log, byte for byte.
std::string database_bytes(const std::string& db) {
  std::string all;
  for (const std::string& p : {db, db + "-wal"}) {
    std::ifstream in(p, std::ios::binary);
    all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return all;
}

// Pieces of the raw-frame blocks stored wholly inside [from_s, to_s] of the run, each found in
// the file's bytes now (a piece split across two pages of the file is left out).
std::vector<std::string> frame_pieces_within(const std::string& db_path, std::int64_t run,
                                             double from_s, double to_s) {
  std::vector<std::string> blobs;
  {
    auto db = store::open_for_reading(db_path);
    store::RunReader reader(*db);
    for (const auto& d : reader.devices(run)) {
      if (!d.has_clock || d.sample_rate_hz == 0) continue;
      for (const auto& b : reader.frame_blocks(run, d.device_id)) {
        const double first =
            (static_cast<double>(b.first_device_time_us) + static_cast<double>(d.clock_offset_us)) *
            1e-6;
        const double last = first + static_cast<double>(b.frame_count) / d.sample_rate_hz;
        if (first >= from_s && last <= to_s) blobs.emplace_back(b.data.begin(), b.data.end());
      }
    }
  }
  const std::string bytes = database_bytes(db_path);
  std::vector<std::string> pieces;
  for (const auto& blob : blobs) {
    for (std::size_t at = 0; at + 48 <= blob.size(); at += 200) {
      std::string piece = blob.substr(at, 48);
      if (bytes.find(piece) != std::string::npos) pieces.push_back(std::move(piece));
    }
  }
  return pieces;
}

TEST_F(WebApiTest, DeletingACustomerErasesTheirNameAndTheirTrialsRawFramesFromTheFile) {
  std::unique_ptr<ChildProcess> left, right;
  const std::string l = start_insole(left, "L");
  const std::string r = start_insole(right, "R");
  ASSERT_FALSE(l.empty() || r.empty());
  ASSERT_TRUE(serve_pair(l, r));
  const std::string name = "Zebulon-Quixote-Erasetest";
  const std::string notes = "wide-forefoot-notes-4e1d";
  const auto customer = post("/api/customers", {{"name", name}, {"notes", notes}});
  ASSERT_EQ(customer.status, 200);
  const auto id = customer.body["id"].get<std::int64_t>();
  const json trial = run_trial(id, "Erase Shoe 44");
  ASSERT_TRUE(trial["recorded_in"].is_object()) << trial;
  const auto run = trial["recorded_in"]["run"].get<std::int64_t>();
  const double from_s = trial["recorded_in"]["from_s"].get<double>();
  const double to_s = trial["recorded_in"]["to_s"].get<double>();
  EXPECT_GT(to_s - from_s, 4) << trial;

  // The daemon writes its frames every second: wait until the trial's are all in the file.
  std::vector<std::string> pieces;
  // (4 whole one-second blocks of each foot at least; pieces of every one.)
  for (int i = 0; i < 100 && pieces.size() < 8; ++i) {
    pieces = frame_pieces_within(db_, run, from_s, to_s);
    if (pieces.size() < 8) std::this_thread::sleep_for(100ms);
  }
  ASSERT_GE(pieces.size(), 8u) << "the trial's frames never reached the database file";
  ASSERT_NE(database_bytes(db_).find(name), std::string::npos);
  // Frames of the run outside the stretch (and the second either side the erase takes too).
  const auto frames_outside = [&] {
    auto db = store::open_for_reading(db_);
    store::RunReader reader(*db);
    run::RunFrameStream frames(reader, run);
    run::RunFrame f;
    std::size_t inside = 0, outside = 0;
    while (frames.next(f)) {
      if (f.t_s >= from_s && f.t_s <= to_s) ++inside;
      if (f.t_s < from_s - 1.0 || f.t_s > to_s + 1.0) ++outside;
    }
    return std::make_pair(inside, outside);
  };
  // And the second after the stretch, which the erase takes too: frames of it still on their
  // way (a busy machine) would be stored after the erase, and the simulated gait repeats their
  // bytes exactly.
  const auto last_stored_s = [&] {
    auto db = store::open_for_reading(db_);
    store::RunReader reader(*db);
    run::RunFrameStream frames(reader, run);
    run::RunFrame f;
    double last = 0;
    while (frames.next(f)) last = std::max(last, f.t_s);
    return last;
  };
  for (int i = 0; i < 100 && last_stored_s() < to_s + 1.5; ++i) std::this_thread::sleep_for(100ms);
  ASSERT_GE(last_stored_s(), to_s + 1.5) << "the run's frames stopped reaching the file";
  const auto [inside_before, outside_before] = frames_outside();
  EXPECT_GT(inside_before, 1000u);

  const auto deleted = call(http::verb::delete_, "/api/customers/" + std::to_string(id));
  ASSERT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_GT(deleted.body["frames_erased"].get<int>(), 1000) << deleted.body;  // 2 x 200 Hz x 6 s
  const auto erased_then = [&](const char* when) {
    const std::string bytes = database_bytes(db_);
    EXPECT_EQ(bytes.find(name), std::string::npos) << when;
    EXPECT_EQ(bytes.find(notes), std::string::npos) << when;
    EXPECT_EQ(bytes.find("Erase Shoe 44"), std::string::npos) << when;
    // The simulated gait repeats exactly, so a block well outside the stretch can hold the same
    // bytes: a piece counts as left over unless such a block contains it.
    std::vector<std::string> stored;
    {
      auto db = store::open_for_reading(db_);
      store::RunReader reader(*db);
      for (const auto& d : reader.devices(run)) {
        for (const auto& b : reader.frame_blocks(run, d.device_id)) {
          const double first = (static_cast<double>(b.first_device_time_us) +
                                static_cast<double>(d.clock_offset_us)) *
                               1e-6;
          const double last = first + static_cast<double>(b.frame_count) / d.sample_rate_hz;
          if (first > to_s + 1.0 || last < from_s - 1.0) {
            stored.emplace_back(b.data.begin(), b.data.end());
          }
        }
      }
    }
    std::size_t left_over = 0;
    for (const auto& piece : pieces) {
      if (bytes.find(piece) == std::string::npos) continue;
      bool repeated = false;
      for (const auto& blob : stored) repeated |= blob.find(piece) != std::string::npos;
      left_over += !repeated;
    }
    EXPECT_EQ(left_over, 0u) << when
                             << ": pieces of the trial's frame blocks are still in the file";
  };
  erased_then("right after the delete");

  // The run itself goes on: every frame outside the stretch is kept, none inside.
  daemon_->signal(SIGTERM);
  ASSERT_EQ(daemon_->wait(20s), 0) << daemon_->output();
  erased_then("after insoled stopped");
  const auto [inside, outside] = frames_outside();
  EXPECT_EQ(inside, 0u);
  EXPECT_GE(outside, outside_before);  // and those recorded after the delete
  auto db = store::open_for_reading(db_);
  store::Statement steps = db->prepare(
      "SELECT contact_s, toe_off_s FROM steps WHERE run_id = ?1 AND contact_s BETWEEN ?2 AND ?3");
  steps.bind(1, run).bind(2, from_s).bind(3, to_s);
  while (steps.step()) {
    ADD_FAILURE() << "a step of the trial is left: " << steps.column_double(0) << " to "
                  << steps.column_double(1) << " (trial " << from_s << " to " << to_s << ")\n"
                  << daemon_->output();
  }
}

TEST_F(WebApiTest, AFittingCountsTowardsNoShoeAndRunsCanBeUnassignedAndDeleted) {
  {
    auto db = store::open_for_writing(db_);
    store::ShoeRecord shoe;
    shoe.brand = "Asics";
    shoe.model = "Novablast";
    shoe.start_date = "2026-01-01";
    store::ShoeStore(*db).add(shoe);
  }
  std::unique_ptr<ChildProcess> left, right;
  const std::string l = start_insole(left, "L");
  const std::string r = start_insole(right, "R");
  ASSERT_FALSE(l.empty() || r.empty());
  {
    // The runner's own run: in the default shoe.
    ChildProcess once({INSOLED, "--db", db_, "--device", "serial:" + l, "--device", "serial:" + r,
                       "--duration", "6"});
    ASSERT_EQ(once.wait(40s), 0) << once.output();
  }
  ASSERT_TRUE(serve_pair(l, r));
  auto runs = get("/api/runs").body["runs"];  // newest first
  ASSERT_EQ(runs.size(), 2u) << runs;
  const auto own = runs[1]["id"].get<std::int64_t>();
  const auto store_run = runs[0]["id"].get<std::int64_t>();
  ASSERT_TRUE(runs[0]["shoe"].is_object()) << runs;  // the default shoe, until a trial starts

  // A store fitting in the run being recorded: it no longer counts towards the shoe.
  const auto customer = post("/api/customers", {{"name", "Sam"}});
  ASSERT_EQ(customer.status, 200);
  run_trial(customer.body["id"].get<std::int64_t>(), "Road C 43");
  runs = get("/api/runs").body["runs"];
  ASSERT_EQ(runs.size(), 2u) << runs;
  EXPECT_EQ(runs[0]["id"], store_run);
  EXPECT_TRUE(runs[0]["shoe"].is_null()) << runs;
  EXPECT_EQ(runs[1]["shoe"]["id"], 1) << runs;
  EXPECT_EQ(get("/api/shoes").body["shoes"][0]["runs"], 1);

  // The runner says what their run was on; anything else is refused with what is wanted.
  const std::string surface = "/api/runs/" + std::to_string(own) + "/surface";
  const auto said = call(http::verb::put, surface, R"({"surface":"trail"})");
  EXPECT_EQ(said.status, 200) << said.body;
  EXPECT_EQ(get("/api/runs/" + std::to_string(own)).body["run"]["surface"], "trail");
  const auto sand = call(http::verb::put, surface, R"({"surface":"sand"})");
  EXPECT_EQ(sand.status, 400) << sand.body;
  EXPECT_NE(sand.body["error"].get<std::string>().find("road, track, trail or treadmill"),
            std::string::npos)
      << sand.body;
  const auto garbled = call(http::verb::put, surface, "{surface");
  EXPECT_EQ(garbled.status, 400) << garbled.body;
  EXPECT_NE(garbled.body["error"].get<std::string>().find(surface), std::string::npos)
      << garbled.body;
  EXPECT_EQ(call(http::verb::put, "/api/runs/999/surface", R"({"surface":"road"})").status, 404);
  EXPECT_EQ(call(http::verb::put, surface, R"({"surface":null})").status, 200);
  EXPECT_TRUE(get("/api/runs/" + std::to_string(own)).body["run"]["surface"].is_null());

  // The finished run as a FIT file (Garmin's decoder checks the content: tests/interop); the run
  // being recorded and an unknown one are refused with the reason.
  const auto fit = http_fetch(port_, http::verb::get,
                              "/api/runs/" + std::to_string(own) + "/export.fit", {}, "");
  EXPECT_EQ(fit.status, 200) << fit.body;
  EXPECT_EQ(fit.content_type, "application/vnd.ant.fit");
  ASSERT_GT(fit.body.size(), 14u);
  EXPECT_EQ(fit.body[0], 14);
  EXPECT_EQ(fit.body.substr(8, 4), ".FIT");
  const auto busy = get("/api/runs/" + std::to_string(store_run) + "/export.fit");
  EXPECT_EQ(busy.status, 409) << busy.body;
  EXPECT_NE(busy.body["error"].get<std::string>().find("still recording"), std::string::npos)
      << busy.body;
  EXPECT_EQ(get("/api/runs/999/export.fit").status, 404);

  // The runner's run was a friend's after all: off the shoe, then deleted.
  const auto unassigned = call(http::verb::delete_, "/api/runs/" + std::to_string(own) + "/shoe");
  EXPECT_EQ(unassigned.status, 200) << unassigned.body;
  EXPECT_EQ(unassigned.body["was"], 1);
  EXPECT_EQ(get("/api/shoes").body["shoes"][0]["runs"], 0);
  const auto recording = call(http::verb::delete_, "/api/runs/" + std::to_string(store_run));
  EXPECT_EQ(recording.status, 409) << recording.body;  // still being recorded
  const auto deleted = call(http::verb::delete_, "/api/runs/" + std::to_string(own));
  EXPECT_EQ(deleted.status, 200) << deleted.body;
  EXPECT_EQ(get("/api/runs/" + std::to_string(own)).status, 404);
  EXPECT_EQ(call(http::verb::delete_, "/api/runs/" + std::to_string(own)).status, 404);
  EXPECT_EQ(call(http::verb::delete_, "/api/runs/abc").status, 404);
  daemon_->signal(SIGTERM);
  EXPECT_EQ(daemon_->wait(20s), 0) << daemon_->output();
  auto db = store::open_for_reading(db_);
  store::Statement s = db->prepare(
      "SELECT (SELECT COUNT(*) FROM steps WHERE run_id = ?1) + "
      "(SELECT COUNT(*) FROM frame_blocks WHERE run_id = ?1)");
  s.bind(1, own);
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.column_int(0), 0);
}

}  // namespace
}  // namespace insole::testing
