// The server on real sockets: the io_context runs on its own thread as in insoled; the test is
// the client (ApiClient, or raw sockets where a client must misbehave).
#include "insole/api/api_server.h"

#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "insole/api/api_client.h"

namespace insole::api {
namespace {

namespace asio = boost::asio;
namespace fs = std::filesystem;
using namespace std::chrono_literals;
using local = asio::local::stream_protocol;

Status status_with_devices(int n) {
  Status s;
  s.daemon_version = "test";
  s.database = "/tmp/x.db";
  for (int i = 0; i < n; ++i) {
    DeviceStatus d;
    d.uri = "serial:/dev/ttyACM" + std::to_string(i);
    d.serial_number = "SIM-" + std::to_string(i);
    d.side = i % 2 ? 'R' : 'L';
    d.state = DeviceState::kStreaming;
    d.link.frames = 1000u * static_cast<unsigned>(i);
    s.devices.push_back(d);
  }
  return s;
}

class ApiServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Short: a socket path has at most 107 bytes.
    char tmpl[] = "/tmp/insole-api-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    path_ = (dir_ / "insoled.sock").string();
    config_.socket_path = path_;
  }
  void TearDown() override {
    stop_io();
    fs::remove_all(dir_);
  }

  // Starts the server on the test thread (start() may throw), then runs the loop on its own.
  void start(int devices = 2) {
    server_ = std::make_unique<ApiServer>(
        io_, config_,
        [this, devices] {
          ++snapshots_;
          return status_with_devices(devices);
        },
        [this](const std::string& m) { notices_.push_back(m); });
    server_->start();
    thread_ = std::thread([this] { io_.run(); });
  }
  // Runs f on the loop's thread (the server is single-threaded) and returns its result.
  template <typename F>
  auto on_io(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }
  void stop_io() {
    if (!thread_.joinable()) return;
    on_io([this] {
      server_->stop();
      return 0;
    });
    work_.reset();
    thread_.join();
  }
  // Waits for a condition of the server, checked on its thread.
  template <typename F>
  bool eventually(F condition, std::chrono::milliseconds timeout = 10s) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (on_io(condition)) return true;
      std::this_thread::yield();
    }
    return false;
  }
  bool notice_contains(const std::string& text) {
    return on_io([&] {
      for (const auto& n : notices_)
        if (n.find(text) != std::string::npos) return true;
      return false;
    });
  }

  fs::path dir_;
  std::string path_;
  ServerConfig config_;
  asio::io_context io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_ = asio::make_work_guard(io_);
  std::unique_ptr<ApiServer> server_;
  std::thread thread_;
  int snapshots_ = 0;                 // loop thread only
  std::vector<std::string> notices_;  // loop thread only
};

TEST_F(ApiServerTest, GetStatusAnswersOneStatusObject) {
  start();
  ApiClient client({path_});
  client.send(R"({"get":"status"})");
  const auto status = client.read_object(5s);
  EXPECT_EQ(status["api"], 1);
  EXPECT_EQ(status["type"], "status");
  ASSERT_EQ(status["devices"].size(), 2u);
  EXPECT_EQ(status["devices"][1]["side"], "R");
  // Mode 0660: the socket is for its owner and group.
  struct stat st {};
  ASSERT_EQ(stat(path_.c_str(), &st), 0);
  EXPECT_TRUE(S_ISSOCK(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0660u);
}

TEST_F(ApiServerTest, MalformedLinesGetAnErrorAndTheConnectionStays) {
  start();
  ApiClient client({path_});
  client.send("hello");
  auto line = client.read_line(5s);
  ASSERT_TRUE(line);
  auto answer = nlohmann::json::parse(*line);
  EXPECT_EQ(answer["api"], 1);
  EXPECT_NE(answer["error"].get<std::string>().find("not JSON"), std::string::npos) << *line;
  client.send(R"({"get":"runs"})");
  line = client.read_line(5s);
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("unknown get"), std::string::npos) << *line;
  client.send("");  // blank lines are ignored, not answered
  client.send(R"({"get":"status"})");
  EXPECT_EQ(client.read_object(5s)["type"], "status");
}

TEST_F(ApiServerTest, OverlongRequestIsRefusedAndSkipped) {
  config_.max_request_bytes = 1024;
  start();
  ApiClient client({path_});
  client.send(std::string(4000, 'x'));  // ... and its newline
  auto line = client.read_line(5s);
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("longer than 1024 bytes"), std::string::npos) << *line;
  // One error for the whole line; the next request is answered.
  client.send(R"({"get":"status"})");
  EXPECT_EQ(client.read_object(5s)["type"], "status");
}

TEST_F(ApiServerTest, TwoSubscribersEachGetNumberedUpdatesAndGetStillWorks) {
  config_.live_interval = 20ms;
  start();
  ApiClient a({path_}), b({path_});
  a.send(R"({"subscribe":"live"})");
  b.send(R"({"subscribe":"live"})");
  for (int seq = 1; seq <= 3; ++seq) {
    const auto ua = a.read_object(5s);
    const auto ub = b.read_object(5s);
    EXPECT_EQ(ua["type"], "live");
    EXPECT_EQ(ua["seq"], seq);
    EXPECT_EQ(ub["seq"], seq);
    EXPECT_EQ(ub["devices"].size(), 2u);
  }
  ApiClient c({path_});
  c.send(R"({"get":"status"})");
  EXPECT_EQ(c.read_object(5s)["type"], "status");
  EXPECT_EQ(on_io([this] { return server_->clients(); }), 3u);
}

TEST_F(ApiServerTest, ClientVanishingMidLineIsForgotten) {
  start();
  {
    ApiClient gone({path_});
    gone.send(R"({"subscribe":"live"})");
    EXPECT_EQ(gone.read_object(5s)["seq"], 1);
    // Half a request, then the process is gone.
    asio::io_context io;
    local::socket raw(io);
    raw.connect(local::endpoint(path_));
    asio::write(raw, asio::buffer(std::string(R"({"get":"sta)")));
  }
  EXPECT_TRUE(eventually([this] { return server_->clients() == 0; }));
  ApiClient next({path_});
  next.send(R"({"get":"status"})");
  EXPECT_EQ(next.read_object(5s)["api"], 1);
}

TEST_F(ApiServerTest, SlowClientIsDroppedAndOthersAreServed) {
  config_.live_interval = 1ms;
  config_.max_queued_bytes = 64 * 1024;
  start(/*devices=*/100);  // ~25 kB per update
  asio::io_context io;
  local::socket slow(io);
  slow.connect(local::endpoint(path_));
  asio::write(slow, asio::buffer(std::string("{\"subscribe\":\"live\"}\n")));
  // It never reads: the kernel buffer fills, then the server's queue, then it is cut off.
  ASSERT_TRUE(eventually([this] { return server_->dropped_slow_clients() == 1; }, 30s));
  EXPECT_TRUE(notice_contains("reads too slowly"));
  // What was already sent can still be read, then the connection ends.
  boost::system::error_code ec;
  std::size_t bytes = 0;
  char buf[65536];
  while (!ec) bytes += slow.read_some(asio::buffer(buf), ec);
  EXPECT_EQ(ec, asio::error::eof);
  EXPECT_GT(bytes, 0u);
  ApiClient other({path_});
  other.send(R"({"get":"status"})");
  EXPECT_EQ(other.read_object(5s)["devices"].size(), 100u);
}

TEST_F(ApiServerTest, TooManyClientsAreToldSo) {
  config_.max_clients = 1;
  start();
  ApiClient first({path_});
  first.send(R"({"get":"status"})");
  EXPECT_EQ(first.read_object(5s)["type"], "status");
  ApiClient second({path_});
  const auto line = second.read_line(5s);
  ASSERT_TRUE(line);
  EXPECT_NE(line->find("too many API clients"), std::string::npos) << *line;
  EXPECT_FALSE(second.read_line(5s));
}

TEST_F(ApiServerTest, StaleSocketFileIsReplaced) {
  {  // A daemon that died without removing its socket: the file stays, nobody listens.
    asio::io_context io;
    local::acceptor dead(io, local::endpoint(path_));
  }
  ASSERT_TRUE(fs::exists(path_));
  EXPECT_THROW(ApiClient({path_}), NotRunning);
  start();
  EXPECT_TRUE(notice_contains("replaced a stale API socket at " + path_));
  ApiClient client({path_});
  client.send(R"({"get":"status"})");
  EXPECT_EQ(client.read_object(5s)["api"], 1);
}

TEST_F(ApiServerTest, LiveSocketMakesASecondServerFailAndTheFirstGoesOn) {
  start();
  asio::io_context other_io;
  ApiServer second(other_io, config_, [] { return Status{}; });
  try {
    second.start();
    FAIL() << "a second server took over a live socket";
  } catch (const ApiError& e) {
    EXPECT_NE(
        std::string(e.what()).find("another insoled is already running and answering on " + path_),
        std::string::npos)
        << e.what();
  }
  ApiClient client({path_});
  client.send(R"({"get":"status"})");
  EXPECT_EQ(client.read_object(5s)["devices"].size(), 2u);
}

TEST_F(ApiServerTest, PathThatIsNotASocketIsRefusedAndLeftAlone) {
  std::ofstream(path_) << "precious";
  ApiServer server(io_, config_, [] { return Status{}; });
  try {
    server.start();
    FAIL() << "a regular file was replaced";
  } catch (const ApiError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a socket"), std::string::npos) << e.what();
  }
  std::ifstream in(path_);
  std::string content;
  in >> content;
  EXPECT_EQ(content, "precious");
}

TEST_F(ApiServerTest, StopRemovesTheSocketAndClientsSayNotRunning) {
  start();
  stop_io();
  EXPECT_FALSE(fs::exists(path_));
  try {
    ApiClient client({path_});
    FAIL() << "connected to a stopped server";
  } catch (const NotRunning& e) {
    EXPECT_EQ(std::string(e.what()), "insoled is not running (no socket at " + path_ + ")");
  }
}

TEST_F(ApiServerTest, LoopbackTcpSpeaksTheSameProtocol) {
  config_.tcp = asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
  start();
  const unsigned short port = on_io([this] { return server_->tcp_port(); });
  ASSERT_NE(port, 0);
  asio::io_context io;
  asio::ip::tcp::socket socket(io);
  socket.connect({asio::ip::make_address("127.0.0.1"), port});
  asio::write(socket, asio::buffer(std::string("{\"get\":\"status\"}\n")));
  asio::streambuf in;
  const std::size_t n = asio::read_until(socket, in, '\n');
  const std::string line(asio::buffers_begin(in.data()), asio::buffers_begin(in.data()) + n);
  EXPECT_EQ(nlohmann::json::parse(line)["devices"].size(), 2u);
}

}  // namespace
}  // namespace insole::api
