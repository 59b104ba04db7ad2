// A Link that reads at most once per interval (a decorator over any transport).
//
// An insole sends a frame every 5 ms; reading each one as it arrives wakes insoled 200 times a
// second per insole, and the wake-ups, not the work per frame, were most of its CPU time
// (docs/performance.md). Waiting `interval` after each completed read lets the kernel gather
// the frames in the meantime (about 600 bytes per insole at 200 Hz and 20 ms), so one wake-up
// carries several frames. A read after a quiet period is not delayed at all, so handshakes are
// as fast as before; frames are at most `interval` late. close() ends a read waiting for its
// turn with operation_aborted, like a pending read of the transport.
#ifndef INSOLE_LINK_PACED_LINK_H_
#define INSOLE_LINK_PACED_LINK_H_

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <memory>

#include "insole/link/link.h"

namespace insole::link {

class PacedLink final : public Link {
 public:
  static constexpr std::chrono::milliseconds kDefaultInterval{20};

  PacedLink(boost::asio::io_context& io, std::unique_ptr<Link> inner,
            std::chrono::milliseconds interval = kDefaultInterval);
  ~PacedLink() override;

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override { inner_->write(std::move(bytes)); }
  void set_write_error_handler(WriteHandler handler) override {
    inner_->set_write_error_handler(std::move(handler));
  }
  void close() override;
  const std::string& uri() const override { return inner_->uri(); }
  std::chrono::steady_clock::time_point last_read_arrival() const override {
    return inner_->last_read_arrival();
  }

 private:
  void start_read(boost::asio::mutable_buffer buffer, ReadHandler handler);

  std::unique_ptr<Link> inner_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point last_read_{};
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace insole::link

#endif  // INSOLE_LINK_PACED_LINK_H_
