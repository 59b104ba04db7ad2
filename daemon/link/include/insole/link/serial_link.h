// A serial link (USB CDC-ACM, UART adapter, pty) read in batches on a fixed tick (20 ms in
// insoled): the serial transport of insoled and every tool.
//
// Why: an insole sends each 200 Hz frame as it is scanned, so an event-driven read (epoll)
// wakes insoled 200 times a second per insole, and those wake-ups, not the work per frame,
// were most of its CPU time; a descriptor registered with epoll wakes it on every arrival
// whether a read is pending or not (docs/performance.md). This link keeps the tty out of epoll:
// a pending read tries a non-blocking read() at once and then at every 20 ms tick, which all
// such links share (one wake-up serves every insole), so the kernel gathers the frames in
// between (about 600 bytes per insole at 200 Hz). Frames are at most one tick late; a link
// with nothing to say costs 50 read() calls a second, which only happens during a handshake.
//
// Contract (link.h): raw 8N1 at 921600 baud (ignored by ptys and CDC-ACM), handlers run on the
// io_context (never inside the call), writes go out whole and in order (non-blocking, the rest
// at the next tick if the tty's buffer is full), close() ends a pending read with
// operation_aborted. read() returning 0 (hang-up) is reported as end of file.
#ifndef INSOLE_LINK_SERIAL_LINK_H_
#define INSOLE_LINK_SERIAL_LINK_H_

#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "insole/link/link.h"

namespace insole::link {

class SerialLink final : public Link {
 public:
  static constexpr std::chrono::milliseconds kTick{20};

  // Opens device_path; throws LinkError "cannot open PATH: reason".
  SerialLink(boost::asio::io_context& io, const std::string& device_path, std::string uri,
             std::chrono::milliseconds tick = kTick);
  ~SerialLink() override;

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override;
  void set_write_error_handler(WriteHandler handler) override {
    on_write_error_ = std::move(handler);
  }
  void close() override;
  const std::string& uri() const override { return uri_; }

 private:
  void service();  // one round: try the pending read and the queued writes
  void arm();      // wait for the next tick if anything is pending
  bool try_read();
  void try_write();

  boost::asio::io_context& io_;
  int fd_ = -1;
  std::string uri_;
  std::chrono::milliseconds tick_;
  boost::asio::steady_timer timer_;
  bool armed_ = false;
  boost::asio::mutable_buffer read_buffer_;
  ReadHandler read_handler_;  // empty: no read pending
  std::deque<std::vector<std::uint8_t>> writes_;
  std::size_t written_ = 0;  // bytes of writes_.front() already sent
  WriteHandler on_write_error_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace insole::link

#endif  // INSOLE_LINK_SERIAL_LINK_H_
