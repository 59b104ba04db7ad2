// Link over a serial device (USB CDC-ACM, UART adapter or pty) with Boost.Asio serial_port,
// configured raw 8N1 at 921600 baud (the baud rate is ignored by ptys and CDC-ACM).
#ifndef INSOLE_LINK_SERIAL_LINK_H_
#define INSOLE_LINK_SERIAL_LINK_H_

#include <boost/asio/serial_port.hpp>
#include <deque>

#include "insole/link/link.h"

namespace insole::link {

class SerialLink final : public Link {
 public:
  SerialLink(boost::asio::io_context& io, const std::string& device_path, std::string uri);

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override;
  void set_write_error_handler(WriteHandler handler) override {
    on_write_error_ = std::move(handler);
  }
  void close() override;
  const std::string& uri() const override { return uri_; }

 private:
  void write_next();

  boost::asio::serial_port port_;
  std::string uri_;
  std::deque<std::vector<std::uint8_t>> queue_;
  bool writing_ = false;
  WriteHandler on_write_error_;
};

}  // namespace insole::link

#endif  // INSOLE_LINK_SERIAL_LINK_H_
