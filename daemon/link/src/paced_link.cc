#include "insole/link/paced_link.h"

#include <boost/asio/error.hpp>

namespace insole::link {

PacedLink::PacedLink(boost::asio::io_context& io, std::unique_ptr<Link> inner,
                     std::chrono::milliseconds interval)
    : inner_(std::move(inner)), interval_(interval), timer_(io) {}

PacedLink::~PacedLink() { *alive_ = false; }

void PacedLink::async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) {
  const auto due = last_read_ + interval_;
  if (std::chrono::steady_clock::now() >= due) {
    start_read(buffer, std::move(handler));
    return;
  }
  timer_.expires_at(due);
  timer_.async_wait([this, alive = alive_, buffer,
                     handler = std::move(handler)](const boost::system::error_code& ec) mutable {
    if (ec || !*alive) {
      handler(ec ? ec : boost::asio::error::operation_aborted, 0);
      return;
    }
    start_read(buffer, std::move(handler));
  });
}

void PacedLink::start_read(boost::asio::mutable_buffer buffer, ReadHandler handler) {
  inner_->async_read_some(buffer, [this, alive = alive_, handler = std::move(handler)](
                                      const boost::system::error_code& ec, std::size_t n) {
    if (*alive) last_read_ = std::chrono::steady_clock::now();
    handler(ec, n);
  });
}

void PacedLink::close() {
  timer_.cancel();
  inner_->close();
}

}  // namespace insole::link
