// A tee around any Link: everything read from and written to the inner link is also appended to
// a capture (capture.h), with the host's steady-clock time. The inner link's behaviour, handlers
// and URI are unchanged; a failing capture file never disturbs the link.
#ifndef INSOLE_LINK_CAPTURE_LINK_H_
#define INSOLE_LINK_CAPTURE_LINK_H_

#include <memory>

#include "insole/link/capture.h"
#include "insole/link/link.h"

namespace insole::link {

class CaptureLink final : public Link {
 public:
  CaptureLink(std::unique_ptr<Link> inner, std::shared_ptr<CaptureWriter> writer);

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override;
  void set_write_error_handler(WriteHandler handler) override;
  void close() override;
  const std::string& uri() const override { return inner_->uri(); }
  std::chrono::steady_clock::time_point last_read_arrival() const override {
    return inner_->last_read_arrival();
  }

  CaptureWriter& writer() { return *writer_; }
  Link& inner() { return *inner_; }

 private:
  std::unique_ptr<Link> inner_;
  std::shared_ptr<CaptureWriter> writer_;
};

// Wraps inner in a CaptureLink writing to capture_path; header.link defaults to inner's URI.
std::unique_ptr<CaptureLink> capture_link(std::unique_ptr<Link> inner,
                                          const std::string& capture_path,
                                          CaptureHeader header = {});

}  // namespace insole::link

#endif  // INSOLE_LINK_CAPTURE_LINK_H_
