#include "insole/link/serial_link.h"

#include <boost/asio/write.hpp>

namespace insole::link {

namespace asio = boost::asio;

SerialLink::SerialLink(asio::io_context& io, const std::string& device_path, std::string uri)
    : port_(io), uri_(std::move(uri)) {
  boost::system::error_code ec;
  port_.open(device_path, ec);
  if (ec) throw LinkError("cannot open " + device_path + ": " + ec.message());
  // Raw 8N1, no flow control. Ptys accept and ignore the baud rate.
  port_.set_option(asio::serial_port::baud_rate(921600), ec);
  port_.set_option(asio::serial_port::character_size(8), ec);
  port_.set_option(asio::serial_port::parity(asio::serial_port::parity::none), ec);
  port_.set_option(asio::serial_port::stop_bits(asio::serial_port::stop_bits::one), ec);
  port_.set_option(asio::serial_port::flow_control(asio::serial_port::flow_control::none), ec);
}

void SerialLink::async_read_some(asio::mutable_buffer buffer, ReadHandler handler) {
  port_.async_read_some(buffer, std::move(handler));
}

void SerialLink::write(std::vector<std::uint8_t> bytes) {
  queue_.push_back(std::move(bytes));
  if (!writing_) write_next();
}

void SerialLink::write_next() {
  if (queue_.empty() || !port_.is_open()) {
    writing_ = false;
    return;
  }
  writing_ = true;
  asio::async_write(port_, asio::buffer(queue_.front()),
                    [this](const boost::system::error_code& ec, std::size_t) {
                      if (ec) {
                        writing_ = false;
                        queue_.clear();
                        if (ec != asio::error::operation_aborted && on_write_error_)
                          on_write_error_(ec);
                        return;
                      }
                      queue_.pop_front();
                      write_next();
                    });
}

void SerialLink::close() {
  boost::system::error_code ignored;
  port_.cancel(ignored);
  port_.close(ignored);
}

}  // namespace insole::link
