// Link over a TCP connection: the emulated board (QEMU `-serial tcp::5760,server,nowait`), a
// simulator, or a serial-to-network bridge. URI: tcp:HOST:PORT, HOST a name, an IPv4 address or
// a bracketed IPv6 address (tcp:[::1]:5760).
//
// The constructor connects before returning (like SerialLink opens its device), trying each
// address HOST resolves to, and gives up after connect_timeout with a LinkError that says what
// happened (refused, unreachable, no answer). TCP_NODELAY is set: frames are small and late
// frames are worse than small packets. When the peer closes, reads end with asio::error::eof.
#ifndef INSOLE_LINK_TCP_LINK_H_
#define INSOLE_LINK_TCP_LINK_H_

#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <deque>

#include "insole/link/link.h"

namespace insole::link {

struct TcpAddress {
  std::string host;
  std::uint16_t port = 0;
};

// Parses "tcp:HOST:PORT"; throws LinkError naming the expected form.
TcpAddress parse_tcp_uri(const std::string& uri);

class TcpLink final : public Link {
 public:
  static constexpr std::chrono::milliseconds kDefaultConnectTimeout{3000};

  TcpLink(boost::asio::io_context& io, const std::string& uri,
          std::chrono::milliseconds connect_timeout = kDefaultConnectTimeout);

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override;
  void set_write_error_handler(WriteHandler handler) override {
    on_write_error_ = std::move(handler);
  }
  void close() override;
  const std::string& uri() const override { return uri_; }
  ~TcpLink() override { *alive_ = false; }

  boost::asio::ip::tcp::endpoint remote_endpoint() const { return remote_; }
  bool no_delay() const {
    boost::asio::ip::tcp::no_delay option;
    boost::system::error_code ec;
    socket_.get_option(option, ec);
    return !ec && option.value();
  }

 private:
  void write_next();

  boost::asio::ip::tcp::socket socket_;
  std::string uri_;
  boost::asio::ip::tcp::endpoint remote_;
  std::deque<std::vector<std::uint8_t>> queue_;
  bool writing_ = false;
  WriteHandler on_write_error_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // guards queued handlers
};

}  // namespace insole::link

#endif  // INSOLE_LINK_TCP_LINK_H_
