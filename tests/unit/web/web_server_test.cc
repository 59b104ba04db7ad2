#include "insole/web/web_server.h"

#include <gtest/gtest.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>

#include "http_test_client.h"

namespace insole::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

// The server runs on its own io_context thread, as in insoled; the test is its client.
class WebServerTest : public ::testing::Test {
 protected:
  void start(WebServerConfig config = {}) {
    config.endpoint = tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0);
    server_ = std::make_unique<WebServer>(
        io_, config,
        [this](const WebRequest& r, const WebServer::Respond& respond) {
          last_ = r;
          if (r.path == "/throw") throw std::runtime_error("the database is locked");
          if (r.path == "/missing") return respond(json_error(404, "no run 9"));
          WebResponse response;
          response.body = R"({"api":1,"path":")" + r.path + "\"}";
          if (r.path == "/later") {
            // Answered from another thread's work, posted back to the loop.
            workers_.emplace_back([this, respond, response] {
              asio::post(io_, [respond, response] { respond(response); });
            });
            return;
          }
          respond(response);
        },
        [] {
          return std::vector<std::string>{"first", "second"};
        });
    server_->start();
    port_ = server_->port();
    work_.emplace(asio::make_work_guard(io_));
    thread_ = std::thread([this] { io_.run(); });
  }
  template <class F>
  auto on_loop(F f) {
    std::packaged_task<decltype(f())()> task(std::move(f));
    auto result = task.get_future();
    asio::post(io_, [&task] { task(); });
    return result.get();
  }
  void TearDown() override {
    for (auto& w : workers_) w.join();
    if (server_) {
      on_loop([this] {
        server_->stop();
        return 0;
      });
    }
    work_.reset();
    io_.stop();
    if (thread_.joinable()) thread_.join();
  }

  testing::HttpReply fetch(http::verb method, const std::string& target,
                           std::vector<std::pair<std::string, std::string>> headers = {},
                           const std::string& body = "", const std::string& host = "127.0.0.1") {
    return testing::http_fetch(port_, method, target, headers, body, host);
  }

  asio::io_context io_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
  std::vector<std::thread> workers_;
  std::unique_ptr<WebServer> server_;
  unsigned short port_ = 0;
  WebRequest last_;
};

TEST_F(WebServerTest, RequestsReachTheHandlerAndItsAnswersGoBack) {
  start();
  const auto r = fetch(http::verb::get, "/api/runs?x=1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"api":1,"path":"/api/runs"})");
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(last_.query.at("x"), "1");
  EXPECT_EQ(fetch(http::verb::get, "/missing").status, 404);
  const auto later = fetch(http::verb::get, "/later");
  EXPECT_EQ(later.status, 200);
  EXPECT_EQ(later.body, R"({"api":1,"path":"/later"})");
  const auto thrown = fetch(http::verb::get, "/throw");
  EXPECT_EQ(thrown.status, 500);
  EXPECT_NE(thrown.body.find("the database is locked"), std::string::npos);
}

TEST_F(WebServerTest, WithoutATokenOnlyLoopbackHostNamesAreAnswered) {
  start();
  EXPECT_EQ(fetch(http::verb::get, "/", {}, "", "localhost").status, 200);
  EXPECT_EQ(fetch(http::verb::get, "/", {}, "", "[::1]").status, 200);
  // A page of another site whose name resolves to 127.0.0.1 (DNS rebinding).
  EXPECT_EQ(fetch(http::verb::get, "/", {}, "", "evil.example").status, 403);
}

TEST_F(WebServerTest, WithATokenEveryRequestMustCarryIt) {
  WebServerConfig config;
  config.token = "s3cret";
  start(config);
  EXPECT_EQ(fetch(http::verb::get, "/api/status").status, 401);
  EXPECT_EQ(fetch(http::verb::get, "/api/status?token=wrong").status, 401);
  EXPECT_EQ(fetch(http::verb::get, "/api/status?token=s3cret").status, 200);
  EXPECT_EQ(fetch(http::verb::get, "/api/status", {{"Authorization", "Bearer s3cret"}}).status,
            200);
  // With a token, any host name (the store's fitting station by its LAN name).
  EXPECT_EQ(fetch(http::verb::get, "/api/runs?token=s3cret", {}, "", "fitting.local").status, 200);
  // The page's files carry no data (and module imports cannot add the token).
  EXPECT_EQ(fetch(http::verb::get, "/app.js", {}, "", "fitting.local").status, 200);
  EXPECT_EQ(fetch(http::verb::get, "/ws/live").status, 401);
}

TEST_F(WebServerTest, ChangesMustBeJsonFromThisOriginAndSmall) {
  WebServerConfig config;
  config.max_body_bytes = 1000;
  start(config);
  const std::string origin = "http://127.0.0.1:" + std::to_string(port_);
  EXPECT_EQ(fetch(http::verb::post, "/api/customers", {{"Content-Type", "application/json"}},
                  R"({"name":"A"})")
                .status,
            200);
  EXPECT_EQ(last_.body, R"({"name":"A"})");
  // A form another site's page posts here.
  EXPECT_EQ(fetch(http::verb::post, "/api/customers", {{"Content-Type", "text/plain"}}, "x").status,
            415);
  EXPECT_EQ(fetch(http::verb::post, "/api/customers",
                  {{"Content-Type", "application/json"}, {"Origin", "http://evil.example"}}, "{}")
                .status,
            403);
  EXPECT_EQ(fetch(http::verb::post, "/api/customers",
                  {{"Content-Type", "application/json"}, {"Origin", origin}}, "{}")
                .status,
            200);
  EXPECT_EQ(fetch(http::verb::post, "/api/customers", {{"Content-Type", "application/json"}},
                  std::string(5000, ' '))
                .status,
            413);
}

TEST_F(WebServerTest, ALivePageGetsItsFirstMessagesThenBroadcastsInOrder) {
  start();
  asio::io_context client;
  websocket::stream<tcp::socket> ws(client);
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  ws.handshake("127.0.0.1:" + std::to_string(port_), "/ws/live");
  auto read = [&ws] {
    beast::flat_buffer b;
    ws.read(b);
    return beast::buffers_to_string(b.data());
  };
  EXPECT_EQ(read(), "first");
  EXPECT_EQ(read(), "second");
  EXPECT_EQ(on_loop([this] { return server_->live_clients(); }), 1u);
  on_loop([this] {
    server_->broadcast("step 1", false);
    server_->broadcast("step 2", false);
    return 0;
  });
  EXPECT_EQ(read(), "step 1");
  EXPECT_EQ(read(), "step 2");
  ws.close(websocket::close_code::normal);
}

TEST_F(WebServerTest, OtherWebSocketPathsAndForeignOriginsAreRefused) {
  start();
  for (const auto& [path, origin] : std::vector<std::pair<std::string, std::string>>{
           {"/ws/other", ""}, {"/ws/live", "http://evil.example"}}) {
    asio::io_context client;
    websocket::stream<tcp::socket> ws(client);
    ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    if (!origin.empty()) {
      ws.set_option(websocket::stream_base::decorator(
          [o = origin](websocket::request_type& req) { req.set(http::field::origin, o); }));
    }
    beast::error_code ec;
    ws.handshake("127.0.0.1:" + std::to_string(port_), path, ec);
    EXPECT_TRUE(ec) << path;
  }
}

TEST_F(WebServerTest, AClientThatStopsReadingIsDroppedAndFramesSkippedNotQueued) {
  WebServerConfig config;
  config.max_queued_messages = 4;
  start(config);
  asio::io_context client;
  websocket::stream<tcp::socket> ws(client);
  ws.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  ws.handshake("127.0.0.1:" + std::to_string(port_), "/ws/live");
  // Never read again: 1 MiB messages fill the socket buffers, then the queue.
  const std::string big(1 << 20, 'x');
  std::size_t clients = 1;
  for (int i = 0; i < 64 && clients > 0; ++i) {
    clients = on_loop([&] {
      server_->broadcast(big, true);  // skipped once two wait: never grows the queue
      server_->broadcast(big, false);
      return server_->live_clients();
    });
  }
  EXPECT_EQ(clients, 0u);
  EXPECT_GT(on_loop([this] { return server_->frames_skipped(); }), 0u);
}

TEST_F(WebServerTest, LivePagesCountAgainstTheConnectionLimit) {
  WebServerConfig config;
  config.max_connections = 2;
  start(config);
  asio::io_context client;
  std::vector<std::unique_ptr<websocket::stream<tcp::socket>>> pages;
  for (int i = 0; i < 2; ++i) {
    pages.push_back(std::make_unique<websocket::stream<tcp::socket>>(client));
    pages.back()->next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
    pages.back()->handshake("127.0.0.1:" + std::to_string(port_), "/ws/live");
  }
  EXPECT_EQ(on_loop([this] { return server_->live_clients(); }), 2u);
  // A third connection is closed at once, before any answer.
  tcp::socket third(client);
  third.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port_));
  const std::string request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  beast::error_code ec;
  asio::write(third, asio::buffer(request), ec);
  char byte = 0;
  asio::read(third, asio::buffer(&byte, 1), ec);
  EXPECT_TRUE(ec == asio::error::eof || ec == asio::error::connection_reset) << ec.message();
}

TEST(WebServerStartTest, AnAddressInUseIsExplained) {
  asio::io_context io;
  tcp::acceptor taken(io, tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  WebServerConfig config;
  config.endpoint = taken.local_endpoint();
  WebServer server(
      io, config, [](const WebRequest&, const WebServer::Respond&) {},
      [] { return std::vector<std::string>{}; });
  try {
    server.start();
    FAIL() << "started on a port in use";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot serve the dashboard on 127.0.0.1:"),
              std::string::npos)
        << e.what();
  }
}

}  // namespace
}  // namespace insole::web
