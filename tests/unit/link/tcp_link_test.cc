// TcpLink against a TCP server in the test (the role QEMU's `-serial tcp::5760,server` plays).
#include "insole/link/tcp_link.h"

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <deque>

#include "link_test_util.h"

namespace insole::link {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using insole::testing::LinkReader;
using insole::testing::pattern;
using insole::testing::run_until;
using namespace std::chrono_literals;

// The device end: accepts one connection, sends what it is given, keeps what it receives.
class TcpPeer {
 public:
  explicit TcpPeer(asio::io_context& io)
      : acceptor_(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0)), socket_(io) {
    acceptor_.async_accept(socket_, [this](const boost::system::error_code& ec) {
      if (ec) return;
      accepted = true;
      read();
      send_next();
    });
  }
  std::string uri() const {
    return "tcp:127.0.0.1:" + std::to_string(acceptor_.local_endpoint().port());
  }
  void send(std::vector<std::uint8_t> bytes) {
    queue_.push_back(std::move(bytes));
    if (queue_.size() == 1) send_next();
  }
  void close() {
    boost::system::error_code ignored;
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }
  bool accepted = false;
  bool peer_closed = false;
  std::vector<std::uint8_t> received;

 private:
  void read() {
    socket_.async_read_some(
        asio::buffer(buffer_), [this](const boost::system::error_code& ec, std::size_t n) {
          if (ec) {
            peer_closed = true;
            return;
          }
          received.insert(received.end(), buffer_.begin(), buffer_.begin() + static_cast<long>(n));
          read();
        });
  }
  void send_next() {
    if (!accepted || queue_.empty()) return;
    asio::async_write(socket_, asio::buffer(queue_.front()),
                      [this](const boost::system::error_code& ec, std::size_t) {
                        if (ec) return;
                        queue_.pop_front();
                        send_next();
                      });
  }
  tcp::acceptor acceptor_;
  tcp::socket socket_;
  std::array<std::uint8_t, 8192> buffer_{};
  std::deque<std::vector<std::uint8_t>> queue_;
};

std::uint16_t unused_port(asio::io_context& io) {
  tcp::acceptor probe(io, tcp::endpoint(asio::ip::address_v4::loopback(), 0));
  return probe.local_endpoint().port();  // closed again when probe goes
}

TEST(TcpLinkTest, StreamsBothWaysInOrderWithNoDelay) {
  asio::io_context io;
  TcpPeer peer(io);
  auto link = open_link(io, peer.uri());
  EXPECT_EQ(link->uri(), peer.uri());
  EXPECT_TRUE(dynamic_cast<TcpLink&>(*link).no_delay());

  const auto device_bytes = pattern(200'000, 3);
  peer.send(device_bytes);
  std::vector<std::uint8_t> host_bytes;
  for (int i = 0; i < 50; ++i) {
    auto chunk = pattern(static_cast<std::size_t>(1 + i * 13), static_cast<std::uint8_t>(i));
    host_bytes.insert(host_bytes.end(), chunk.begin(), chunk.end());
    link->write(std::move(chunk));
  }
  LinkReader reader(*link);
  reader.start();
  ASSERT_TRUE(run_until(
      io,
      [&] {
        return reader.data.size() >= device_bytes.size() &&
               peer.received.size() >= host_bytes.size();
      },
      5s));
  EXPECT_EQ(reader.data, device_bytes);
  EXPECT_EQ(peer.received, host_bytes);
  EXPECT_FALSE(reader.error);
}

TEST(TcpLinkTest, PeerClosingEndsReadsWithEof) {
  asio::io_context io;
  TcpPeer peer(io);
  auto link = open_link(io, peer.uri());
  LinkReader reader(*link);
  reader.start();
  peer.send({1, 2, 3});
  ASSERT_TRUE(run_until(
      io, [&] { return reader.data.size() == 3; }, 2s));
  peer.close();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.finished; }, 2s));
  EXPECT_EQ(reader.error, asio::error::eof);
  EXPECT_EQ(reader.data, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(TcpLinkTest, CloseAbortsThePendingRead) {
  asio::io_context io;
  TcpPeer peer(io);
  auto link = open_link(io, peer.uri());
  LinkReader reader(*link);
  reader.start();
  ASSERT_TRUE(run_until(
      io, [&] { return peer.accepted; }, 2s));
  link->close();
  ASSERT_TRUE(run_until(
      io, [&] { return reader.finished; }, 2s));
  EXPECT_EQ(reader.error, asio::error::operation_aborted);
  ASSERT_TRUE(run_until(
      io, [&] { return peer.peer_closed; }, 2s));
}

TEST(TcpLinkTest, RefusedConnectionIsExplained) {
  asio::io_context io;
  const std::string uri = "tcp:127.0.0.1:" + std::to_string(unused_port(io));
  const auto t0 = std::chrono::steady_clock::now();
  try {
    open_link(io, uri);
    FAIL() << "connected to a closed port";
  } catch (const LinkError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("cannot connect to " + uri), std::string::npos) << what;
    EXPECT_NE(what.find("connection refused"), std::string::npos) << what;
    EXPECT_NE(what.find("-serial tcp::5760,server,nowait"), std::string::npos) << what;
  }
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);  // refused is immediate, no timeout
}

TEST(TcpLinkTest, ParsesHostsAndPorts) {
  auto a = parse_tcp_uri("tcp:127.0.0.1:5760");
  EXPECT_EQ(a.host, "127.0.0.1");
  EXPECT_EQ(a.port, 5760);
  a = parse_tcp_uri("tcp:board.local:1");
  EXPECT_EQ(a.host, "board.local");
  EXPECT_EQ(a.port, 1);
  a = parse_tcp_uri("tcp:[::1]:65535");
  EXPECT_EQ(a.host, "::1");
  EXPECT_EQ(a.port, 65535);
}

TEST(TcpLinkTest, BadUrisAreExplained) {
  asio::io_context io;
  const std::pair<const char*, const char*> cases[] = {
      {"tcp:", "no port"},
      {"tcp:127.0.0.1", "no port"},
      {"tcp::5760", "no host"},
      {"tcp:127.0.0.1:", "port '' is not a number"},
      {"tcp:127.0.0.1:0", "port '0' is not a number from 1 to 65535"},
      {"tcp:127.0.0.1:65536", "port '65536'"},
      {"tcp:127.0.0.1:57x", "port '57x'"},
      {"tcp:::1:5760", "put an IPv6 address in brackets"},
      {"tcp:[::1:5760", "unterminated"},
  };
  for (const auto& [uri, why] : cases) {
    try {
      open_link(io, uri);
      ADD_FAILURE() << uri << " was accepted";
    } catch (const LinkError& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(std::string("bad TCP device URI '") + uri + "'"), std::string::npos)
          << what;
      EXPECT_NE(what.find(why), std::string::npos) << uri << ": " << what;
      EXPECT_NE(what.find("expected tcp:HOST:PORT"), std::string::npos) << what;
    }
  }
}

TEST(OpenLinkTest, UnknownSchemeListsEveryTransport) {
  asio::io_context io;
  try {
    open_link(io, "bluetooth:AA:BB");
    FAIL();
  } catch (const LinkError& e) {
    const std::string what = e.what();
    for (const char* scheme : {"serial:", "usb:", "tcp:", "replay:"})
      EXPECT_NE(what.find(scheme), std::string::npos) << what;
  }
}

}  // namespace
}  // namespace insole::link
