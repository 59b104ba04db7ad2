// The dashboard's HTTP path as a browser (or an attacker on the loopback) reaches it: the input's
// bytes are sent over a loopback TCP connection to a real insoled dashboard (WebDashboard on a
// hub that has no insoles) in this process, and the answer is read until the server closes.
// Beast's parser, WebServer's checks (Host, Origin, token, content type, body size, WebSocket
// upgrade), parse_target() and the dashboard's routes (files, status, reports, fitting) all run
// on them. Input: [selector][request bytes]; selector bit 0 picks the dashboard: without a token
// (loopback Host required, embedded files) or with the token "fuzz-token" (files from a
// directory, beside which lies a file that must never be served).
// Properties: the server answers and closes (no hang, 10 s), every answer is HTTP, and no path
// reaches the file outside the assets directory.
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "fuzz_support.h"
#include "insole/dashboard/status_tracker.h"
#include "insole/dashboard/web_dashboard.h"
#include "insole/log/log.h"
#include "insole/run/run_listener.h"
#include "insole/store/schema.h"

namespace {

using insole::fuzz::check;
namespace dashboard = insole::dashboard;

// The daemon as the dashboard sees it, with no insole connected.
class NoInsoles final : public insole::run::RunHub {
 public:
  void add_listener(insole::run::RunListener*) override {}
  insole::run::DaemonStatus status() const override { return {}; }
};
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

// Control bytes around it: the server quotes request paths only inside JSON, which escapes them
// (\u0001), so an echo of the path is never taken for the file itself.
constexpr char kSecret[] = "\x01insole-fuzz-secret-0f6c2b\x02";
constexpr std::size_t kMaxRequest = 64 * 1024;

struct Dashboard {
  std::unique_ptr<insole::store::Connection> db;
  NoInsoles hub;
  std::unique_ptr<dashboard::StatusTracker> status;
  std::unique_ptr<dashboard::WebDashboard> web;
};

struct World {
  asio::io_context io;
  std::filesystem::path dir;
  Dashboard open, with_token;

  World() {
    char templ[] = "/tmp/insole-fuzz-web-XXXXXX";
    check(mkdtemp(templ) != nullptr, "mkdtemp failed");
    dir = templ;
    std::filesystem::create_directory(dir / "assets");
    std::ofstream(dir / "assets" / "index.html") << "<!doctype html><title>fuzz</title>\n";
    std::ofstream(dir / "assets" / "app.js") << "export const fuzz = 1;\n";
    std::ofstream(dir / "secret.txt") << kSecret << "\n";
    std::ofstream(dir / "assets.txt") << kSecret << "\n";
    start(open, "open", "", "");
    start(with_token, "token", "fuzz-token", (dir / "assets").string());
  }

  void start(Dashboard& d, const std::string& name, const std::string& token,
             const std::string& assets) {
    const std::string database = (dir / (name + ".db")).string();
    insole::log::set_max_level(insole::log::Level::kError);
    d.db = insole::store::open_for_writing(database);
    d.status = std::make_unique<dashboard::StatusTracker>(
        d.hub,
        dashboard::ApiIdentity{"fuzz", 0, std::chrono::steady_clock::now(), database, false});
    d.web = dashboard::start_web_dashboard(io, d.hub, *d.db, *d.status,
                                           {"127.0.0.1:0", token, assets, database, {}, {}, 0, 10});
    check(d.web != nullptr && d.web->port() != 0, "the dashboard did not start");
  }
};

World& world() {
  // Never destroyed: the dashboards live as long as the fuzzer, like insoled's.
  static World* w = new World;
  return *w;
}

std::string exchange(World& w, unsigned short port, const std::uint8_t* data, std::size_t size) {
  tcp::socket client(w.io);
  // libFuzzer's timer (SIGALRM, for -timeout) can interrupt a blocking connect: try again on a
  // new socket.
  boost::system::error_code connected;
  for (int attempt = 0; attempt < 100; ++attempt) {
    client.connect(tcp::endpoint(asio::ip::address_v4::loopback(), port), connected);
    if (connected != asio::error::interrupted) break;
    boost::system::error_code ignored;
    client.close(ignored);
  }
  check(!connected, "cannot connect to the dashboard");
  // A reset instead of TIME_WAIT when closing: a long run opens millions of connections.
  client.set_option(asio::socket_base::linger(true, 0));
  std::string answer;
  bool written = false, done = false;
  asio::async_write(client, asio::buffer(data, size),
                    [&](const boost::system::error_code& ec, std::size_t) {
                      written = true;
                      if (!ec) {
                        boost::system::error_code ignored;
                        client.shutdown(tcp::socket::shutdown_send, ignored);
                      }
                    });
  asio::async_read(client, asio::dynamic_buffer(answer),
                   [&](const boost::system::error_code&, std::size_t) { done = true; });
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!(done && written)) {
    w.io.run_one_for(std::chrono::milliseconds(100));
    check(std::chrono::steady_clock::now() < deadline,
          "the dashboard neither answered nor closed the connection within 10 s");
  }
  boost::system::error_code ignored;
  client.close(ignored);
  // Whatever the server still has to do for this connection (its close, a report thread's
  // answer) runs now, not during the next input.
  w.io.poll();
  return answer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1 || size > kMaxRequest) return 0;
  World& w = world();
  const Dashboard& d = (data[0] & 1) ? w.with_token : w.open;
  const std::string answer = exchange(w, d.web->port(), data + 1, size - 1);
  // INSOLE_FUZZ_WEB_PRINT=1: the answers, to see what a seed reaches.
  static const bool print = std::getenv("INSOLE_FUZZ_WEB_PRINT") != nullptr;
  if (print) std::fprintf(stderr, "---- answer\n%s\n", answer.c_str());
  check(answer.empty() || insole::fuzz::starts_with(answer, "HTTP/"),
        "the dashboard answered something that is not HTTP");
  check(answer.find(kSecret) == std::string::npos,
        "a file outside the assets directory was served");
  return 0;
}
