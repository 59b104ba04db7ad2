// A capture (capture.h) played back as if it were a device. URI:
//   replay:FILE                  device -> host bytes at their recorded timing
//   replay:FILE?speed=recorded   the same
//   replay:FILE?speed=full       as fast as the reader takes them
//   replay:FILE?speed=4          4 times the recorded pace (any positive number)
//
// The replay answers nothing: it serves the recorded "in" records in order, and keeps (but
// otherwise ignores) what the host writes. The clock starts at the first async_read_some, and
// record i becomes readable at start + t_us(i) / speed, never earlier (an Asio steady_timer,
// scheduled from the start so it does not drift); a read returns at most one record (the rest of
// it when the buffer was too small), so a late reader catches up one recorded read at a time.
// After the last record, reads end with asio::error::eof. last_read_arrival() is start + t_us of
// that record whatever the speed: a session stamps frames with their recorded arrival, so a
// replay at full speed gives the same steps as at the recorded pace, and as the live run.
//
// A capture given by path is checked whole when the link is made (a bad line is an error naming
// the file and line before anything is served) and then streamed a record at a time, so a
// capture of hours replays in constant memory. Should the file change in between, the replay
// ends at the bad record with a read error and error() says why.
//
// With DeviceSession this works because a capture begins with the device's replies to the
// recorded handshake: the session sends request_info, the replay delivers the recorded `info`
// (the session takes an info in handshake state whatever its in_reply_to), the session sends
// set_rate/start_streaming into the void and then accepts the recorded frames. If the recorded
// device needed several request_info before answering, the replay session also resends every
// 500 ms until the recorded answer comes, at its recorded time. Frames recorded before the
// answer (a device still streaming from an earlier session) are ignored by the session exactly as
// they were live. stop() gets no ack (the recorded ack carries another request id), so the
// session closes after its 300 ms grace.
#ifndef INSOLE_LINK_REPLAY_LINK_H_
#define INSOLE_LINK_REPLAY_LINK_H_

#include <boost/asio/steady_timer.hpp>
#include <memory>

#include "insole/link/capture.h"
#include "insole/link/link.h"

namespace insole::link {

struct ReplayOptions {
  std::string path;
  double speed = 1.0;  // multiple of the recorded pace; 0 = as fast as possible
};

// Parses "replay:FILE[?speed=recorded|full|N]"; throws LinkError naming the expected form.
ReplayOptions parse_replay_uri(const std::string& uri);

class ReplayLink final : public Link {
 public:
  // Checks the capture now (throws LinkError if it cannot be read). With an origin the replay's
  // clock is that origin (shared with other replays), otherwise the instant of the first read.
  ReplayLink(boost::asio::io_context& io, const std::string& uri,
             std::shared_ptr<CaptureOrigin> origin = nullptr);
  ReplayLink(boost::asio::io_context& io, Capture capture, double speed, std::string uri,
             std::shared_ptr<CaptureOrigin> origin = nullptr);
  ~ReplayLink() override;

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override;
  void set_write_error_handler(WriteHandler) override {}  // writes never fail
  void close() override;
  const std::string& uri() const override { return uri_; }
  std::chrono::steady_clock::time_point last_read_arrival() const override;

  const CaptureHeader& header() const { return header_; }
  double speed() const { return speed_; }
  // What the host wrote, one entry per write().
  const std::vector<std::vector<std::uint8_t>>& host_writes() const { return host_writes_; }
  std::size_t records_left() const { return in_records_ - served_; }
  // Why the replay ended early ("" if it has not): the file changed after it was checked.
  const std::string& error() const { return error_; }

 private:
  ReplayLink(boost::asio::io_context& io, const std::string& uri, const ReplayOptions& options,
             std::shared_ptr<CaptureOrigin> origin);

  struct Chunk {
    std::uint64_t t_us = 0;
    std::vector<std::uint8_t> bytes;
  };
  std::chrono::steady_clock::time_point due(std::uint64_t t_us) const;
  // Makes the next non-empty "in" record current; false (and none current) at the end.
  bool load_next();
  std::size_t fill(boost::asio::mutable_buffer buffer);

  boost::asio::io_context& io_;
  std::string uri_;
  CaptureHeader header_;
  double speed_;
  std::unique_ptr<CaptureReader> reader_;  // a capture streamed from its file
  CaptureRecord record_;                   // the reader's record, storage reused
  std::vector<Chunk> memory_;              // or one given whole
  std::size_t memory_next_ = 0;
  Chunk current_;             // the chunk being served
  bool has_current_ = false;  // false: every chunk served (or the file went bad)
  std::size_t offset_ = 0;    // bytes of current_ already served
  std::size_t in_records_ = 0;
  std::size_t served_ = 0;
  std::uint64_t last_served_t_us_ = 0;  // the chunk the last read's last byte came from
  std::string error_;
  bool started_ = false;
  bool closed_ = false;
  std::chrono::steady_clock::time_point start_;
  std::shared_ptr<CaptureOrigin> origin_;
  boost::asio::steady_timer timer_;
  std::vector<std::vector<std::uint8_t>> host_writes_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace insole::link

#endif  // INSOLE_LINK_REPLAY_LINK_H_
