#include "insole/link/tcp_link.h"

#include <poll.h>
#include <sys/socket.h>

#include <boost/asio/ip/address.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <charconv>
#include <string_view>

namespace insole::link {

namespace asio = boost::asio;
using asio::ip::tcp;

namespace {

[[noreturn]] void bad_uri(const std::string& uri, const std::string& why) {
  throw LinkError("bad TCP device URI '" + uri + "': " + why +
                  "; expected tcp:HOST:PORT, e.g. tcp:127.0.0.1:5760 or tcp:[::1]:5760");
}

std::string describe(const tcp::endpoint& ep) {
  const auto a = ep.address();
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(ep.port());
}

// Connects the blocking way, bounded by deadline: a non-blocking connect() and poll() on the
// socket. open_link() is synchronous by contract and runs before the link joins the event loop.
boost::system::error_code connect_with_deadline(tcp::socket& socket, const tcp::endpoint& ep,
                                                std::chrono::steady_clock::time_point deadline) {
  boost::system::error_code ec;
  socket.open(ep.protocol(), ec);
  if (ec) return ec;
  socket.non_blocking(true, ec);
  if (ec) return ec;
  if (::connect(socket.native_handle(), ep.data(), static_cast<socklen_t>(ep.size())) == 0)
    return {};
  if (errno != EINPROGRESS) return {errno, boost::system::system_category()};
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return asio::error::timed_out;
    pollfd p{socket.native_handle(), POLLOUT, 0};
    const int r = ::poll(&p, 1, static_cast<int>(left.count()));
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return {errno, boost::system::system_category()};
    if (r == 0) return asio::error::timed_out;
    int err = 0;
    socklen_t len = sizeof err;
    if (::getsockopt(socket.native_handle(), SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
    if (err != 0) return {err, boost::system::system_category()};
    return {};
  }
}

std::string explain(const boost::system::error_code& ec) {
  if (ec == asio::error::connection_refused)
    return "connection refused (nothing listens there: is the emulated board running, e.g. "
           "QEMU with -serial tcp::5760,server,nowait?)";
  if (ec == asio::error::network_unreachable) return "network unreachable";
  if (ec == asio::error::host_unreachable) return "host unreachable";
  if (ec == asio::error::timed_out) return "no answer";
  return ec.message();
}

}  // namespace

TcpAddress parse_tcp_uri(const std::string& uri) {
  constexpr std::string_view kScheme = "tcp:";
  if (uri.rfind(kScheme, 0) != 0) bad_uri(uri, "not a tcp: URI");
  const std::string rest = uri.substr(kScheme.size());
  TcpAddress out;
  std::string port;
  if (!rest.empty() && rest.front() == '[') {
    const auto close = rest.find(']');
    if (close == std::string::npos) bad_uri(uri, "unterminated [IPv6 address]");
    out.host = rest.substr(1, close - 1);
    if (close + 1 >= rest.size() || rest[close + 1] != ':') bad_uri(uri, "no port");
    port = rest.substr(close + 2);
  } else {
    const auto colon = rest.rfind(':');
    if (colon == std::string::npos) bad_uri(uri, "no port");
    out.host = rest.substr(0, colon);
    if (out.host.find(':') != std::string::npos) bad_uri(uri, "put an IPv6 address in brackets");
    port = rest.substr(colon + 1);
  }
  if (out.host.empty()) bad_uri(uri, "no host");
  unsigned value = 0;
  const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
  if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value == 0 ||
      value > 65535) {
    bad_uri(uri, "port '" + port + "' is not a number from 1 to 65535");
  }
  out.port = static_cast<std::uint16_t>(value);
  return out;
}

TcpLink::TcpLink(asio::io_context& io, const std::string& uri,
                 std::chrono::milliseconds connect_timeout)
    : socket_(io), uri_(uri) {
  const TcpAddress address = parse_tcp_uri(uri);
  boost::system::error_code ec;
  tcp::resolver resolver(io);
  const auto endpoints = resolver.resolve(address.host, std::to_string(address.port),
                                          tcp::resolver::numeric_service, ec);
  if (ec)
    throw LinkError("cannot connect to " + uri + ": cannot resolve '" + address.host +
                    "': " + ec.message());
  const auto deadline = std::chrono::steady_clock::now() + connect_timeout;
  std::string failures;
  for (const auto& entry : endpoints) {
    const tcp::endpoint ep = entry.endpoint();
    ec = connect_with_deadline(socket_, ep, deadline);
    if (!ec) {
      remote_ = ep;
      break;
    }
    boost::system::error_code ignored;
    socket_.close(ignored);
    if (!failures.empty()) failures += "; ";
    failures += describe(ep) + ": " + explain(ec);
    if (ec == asio::error::timed_out) {
      failures += " within " + std::to_string(connect_timeout.count()) + " ms";
      break;
    }
  }
  if (!socket_.is_open()) throw LinkError("cannot connect to " + uri + ": " + failures);
  socket_.set_option(tcp::no_delay(true), ec);
  socket_.set_option(asio::socket_base::keep_alive(true), ec);
}

void TcpLink::async_read_some(asio::mutable_buffer buffer, ReadHandler handler) {
  socket_.async_read_some(buffer, std::move(handler));
}

void TcpLink::write(std::vector<std::uint8_t> bytes) {
  if (!socket_.is_open()) return;
  queue_.push_back(std::move(bytes));
  if (!writing_) write_next();
}

void TcpLink::write_next() {
  if (queue_.empty() || !socket_.is_open()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  asio::async_write(socket_, asio::buffer(queue_.front()),
                    [this, alive = alive_](const boost::system::error_code& ec, std::size_t) {
                      if (!*alive || ec == asio::error::operation_aborted) return;
                      if (ec) {
                        writing_ = false;
                        queue_.clear();
                        if (on_write_error_) on_write_error_(ec);
                        return;
                      }
                      queue_.pop_front();
                      write_next();
                    });
}

void TcpLink::close() {
  writing_ = false;
  queue_.clear();
  boost::system::error_code ignored;
  if (socket_.is_open()) socket_.shutdown(tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
}

}  // namespace insole::link
