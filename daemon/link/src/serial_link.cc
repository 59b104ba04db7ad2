#include "insole/link/serial_link.h"

#include "insole/link/read_ticks.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <cerrno>
#include <cstring>

namespace insole::link {

namespace asio = boost::asio;
using Clock = std::chrono::steady_clock;

SerialLink::SerialLink(asio::io_context& io, const std::string& device_path, std::string uri,
                       std::chrono::milliseconds tick)
    : io_(io), uri_(std::move(uri)), tick_(tick), timer_(io) {
  fd_ = ::open(device_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd_ < 0) throw LinkError("cannot open " + device_path + ": " + std::strerror(errno));
  // Raw 8N1, no flow control. VMIN 1: an empty non-blocking read fails with EAGAIN, so a read
  // of 0 bytes means hang-up (with VMIN 0 it would mean "nothing yet"). Ptys and CDC-ACM ignore
  // the baud rate; a path that is not a tty simply keeps its settings.
  termios tio{};
  if (tcgetattr(fd_, &tio) == 0) {
    cfmakeraw(&tio);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~static_cast<tcflag_t>(CRTSCTS | CSTOPB);
    tio.c_cc[VMIN] = 1;
    tio.c_cc[VTIME] = 0;
    cfsetspeed(&tio, B921600);
    tcsetattr(fd_, TCSANOW, &tio);
  }
}

SerialLink::~SerialLink() {
  *alive_ = false;
  if (fd_ >= 0) ::close(fd_);
}

void SerialLink::async_read_some(asio::mutable_buffer buffer, ReadHandler handler) {
  read_buffer_ = buffer;
  read_handler_ = std::move(handler);
  if (fd_ < 0) {
    auto h = std::move(read_handler_);
    read_handler_ = nullptr;
    asio::post(io_, [h = std::move(h)] { h(asio::error::bad_descriptor, 0); });
    return;
  }
  // Data already waiting is taken now (a handshake answer is not held back); otherwise at the
  // next tick.
  if (!try_read()) arm();
}

void SerialLink::write(std::vector<std::uint8_t> bytes) {
  if (fd_ < 0) return;
  writes_.push_back(std::move(bytes));
  if (writes_.size() == 1) try_write();
  arm();
}

bool SerialLink::try_read() {
  if (!read_handler_) return false;
  const ssize_t n = ::read(fd_, read_buffer_.data(), read_buffer_.size());
  boost::system::error_code ec;
  if (n < 0) {
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return false;
    ec = boost::system::error_code(errno, boost::system::system_category());
  } else if (n == 0) {
    ec = asio::error::eof;  // hang-up: the other end is gone
  }
  auto handler = std::move(read_handler_);
  read_handler_ = nullptr;
  const std::size_t got = n > 0 ? static_cast<std::size_t>(n) : 0;
  asio::post(io_, [handler = std::move(handler), ec, got] { handler(ec, got); });
  return true;
}

void SerialLink::try_write() {
  while (!writes_.empty()) {
    const std::vector<std::uint8_t>& front = writes_.front();
    const ssize_t n = ::write(fd_, front.data() + written_, front.size() - written_);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return;  // next tick
      const boost::system::error_code ec(errno, boost::system::system_category());
      writes_.clear();
      written_ = 0;
      if (on_write_error_) asio::post(io_, [h = on_write_error_, ec] { h(ec); });
      return;
    }
    written_ += static_cast<std::size_t>(n);
    if (written_ == front.size()) {
      writes_.pop_front();
      written_ = 0;
    }
  }
}

void SerialLink::arm() {
  if (armed_ || fd_ < 0 || (!read_handler_ && writes_.empty())) return;
  armed_ = true;
  // Every link waits for the same dithered instants (read_ticks.h).
  const auto next = next_read_instant(
      std::chrono::duration_cast<std::chrono::microseconds>(Clock::now().time_since_epoch()),
      std::chrono::duration_cast<std::chrono::microseconds>(tick_));
  timer_.expires_at(Clock::time_point(std::chrono::duration_cast<Clock::duration>(next)));
  timer_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive) return;
    armed_ = false;
    service();
  });
}

void SerialLink::service() {
  if (fd_ < 0) return;
  try_write();
  try_read();
  arm();
}

void SerialLink::close() {
  timer_.cancel();
  armed_ = false;
  writes_.clear();
  if (read_handler_) {
    auto handler = std::move(read_handler_);
    read_handler_ = nullptr;
    asio::post(io_, [handler = std::move(handler)] { handler(asio::error::operation_aborted, 0); });
  }
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

}  // namespace insole::link
