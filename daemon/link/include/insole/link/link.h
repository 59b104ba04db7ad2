// A byte link to one insole, whatever carries it. Transports are picked at run time by URI
// (docs/transports.md):
//   serial:/dev/ttyACM0 (or a bare path)  tty read in batches on a tick; ptys too serial_link.h
//   usb:1209:0001[/SERIAL]                libusb bulk transfers, Asio-driven     usb_link.h
//   tcp:127.0.0.1:5760                    TCP client (QEMU's emulated board)     tcp_link.h
//   replay:FILE[?speed=recorded|full]     a recorded capture played back         replay_link.h
// CaptureLink (capture_link.h) tees any of them into a capture file; PacedLink (paced_link.h)
// batches the reads of a usb or tcp link.
// All calls are made from the io_context's thread; handlers run there too.
#ifndef INSOLE_LINK_LINK_H_
#define INSOLE_LINK_LINK_H_

#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
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
  // When the bytes of the last completed read arrived, on the host's steady clock: now for a
  // live link (the read completes as they arrive, at most a tick later); a replay gives the
  // instant its capture recorded (from when it started), so a replay at any speed places
  // device clocks on the host's exactly as the recorded run did.
  virtual std::chrono::steady_clock::time_point last_read_arrival() const {
    return std::chrono::steady_clock::now();
  }
};

class CaptureOrigin;  // capture.h

struct LinkOptions {
  // Live links are read at most once per read_tick, so one wake-up carries several 5 ms frames
  // (insoled uses 20 ms: docs/performance.md). Zero reads usb and tcp links as bytes arrive; a
  // serial link always reads on a tick (SerialLink::kTick when zero). Replays ignore it.
  std::chrono::milliseconds read_tick{0};
  // Replays opened with the same origin play their captures on one clock (as recorded together);
  // null: each replay's clock starts at its first read.
  std::shared_ptr<CaptureOrigin> replay_origin;
};

// Empty when uri names a kind of link this build opens (serial:, usb:, tcp:, replay: or a device
// path); otherwise why not, in words that say what to write instead. Nothing is opened.
std::string device_uri_problem(std::string_view uri);

// Opens the link named by uri; throws LinkError with a readable reason.
std::unique_ptr<Link> open_link(boost::asio::io_context& io, const std::string& uri,
                                const LinkOptions& options = {});

}  // namespace insole::link

#endif  // INSOLE_LINK_LINK_H_
