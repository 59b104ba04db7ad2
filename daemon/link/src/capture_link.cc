#include "insole/link/capture_link.h"

namespace insole::link {

CaptureLink::CaptureLink(std::unique_ptr<Link> inner, std::shared_ptr<CaptureWriter> writer)
    : inner_(std::move(inner)), writer_(std::move(writer)) {}

void CaptureLink::async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) {
  // The writer is shared with the handler, so a read that completes after this link is gone is
  // still recorded (or at least does not touch freed memory).
  inner_->async_read_some(
      buffer, [writer = writer_, data = buffer.data(), handler = std::move(handler)](
                  const boost::system::error_code& ec, std::size_t n) {
        if (!ec && n > 0) writer->record(Direction::kIn, static_cast<const std::uint8_t*>(data), n);
        handler(ec, n);
      });
}

void CaptureLink::write(std::vector<std::uint8_t> bytes) {
  writer_->record(Direction::kOut, bytes.data(), bytes.size());
  inner_->write(std::move(bytes));
}

void CaptureLink::set_write_error_handler(WriteHandler handler) {
  inner_->set_write_error_handler(std::move(handler));
}

void CaptureLink::close() { inner_->close(); }

std::unique_ptr<CaptureLink> capture_link(std::unique_ptr<Link> inner,
                                          const std::string& capture_path, CaptureHeader header) {
  if (header.link.empty()) header.link = inner->uri();
  auto writer = std::make_shared<CaptureWriter>(capture_path, std::move(header));
  return std::make_unique<CaptureLink>(std::move(inner), std::move(writer));
}

}  // namespace insole::link
