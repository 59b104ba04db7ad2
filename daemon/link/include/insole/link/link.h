// A byte link to one insole, whatever carries it. Transports are picked at run time by URI
// (docs/transports.md):
//   serial:/dev/ttyACM0 (or a bare path)  Boost.Asio serial_port; also ptys      serial_link.h
//   usb:1209:0001[/SERIAL]                libusb bulk transfers, Asio-driven     usb_link.h
//   tcp:127.0.0.1:5760                    TCP client (QEMU's emulated board)     tcp_link.h
//   replay:FILE[?speed=recorded|full]     a recorded capture played back         replay_link.h
// RecordingLink (recording_link.h) tees any of them into a capture file.
// All calls are made from the io_context's thread; handlers run there too.
#ifndef INSOLE_LINK_LINK_H_
#define INSOLE_LINK_LINK_H_

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace insole::link {

class LinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Link {
 public:
  using ReadHandler = std::function<void(const boost::system::error_code&, std::size_t)>;
  using WriteHandler = std::function<void(const boost::system::error_code&)>;

  virtual ~Link() = default;
  // Reads whatever is available (at least one byte) into buffer.
  virtual void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) = 0;
  // Queues bytes; writes go out whole and in order. on_error is called if a write fails.
  virtual void write(std::vector<std::uint8_t> bytes) = 0;
  virtual void set_write_error_handler(WriteHandler handler) = 0;
  // Cancels pending operations (their handlers get operation_aborted) and closes the link.
  virtual void close() = 0;
  virtual const std::string& uri() const = 0;
};

// Opens the link named by uri; throws LinkError with a readable reason.
std::unique_ptr<Link> open_link(boost::asio::io_context& io, const std::string& uri);

}  // namespace insole::link

#endif  // INSOLE_LINK_LINK_H_
