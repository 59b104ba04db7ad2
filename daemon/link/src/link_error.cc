#include "insole/link/link_error.h"

#include <boost/asio/error.hpp>
#include <cerrno>
#include <string>

namespace insole::link {

namespace {

class LinkCategory final : public boost::system::error_category {
 public:
  const char* name() const noexcept override { return "insole.link"; }
  std::string message(int value) const override {
    switch (static_cast<LinkErrc>(value)) {
      case LinkErrc::kDeviceRemoved:
        return "USB device removed";
      case LinkErrc::kTransferFailed:
        return "USB transfer failed";
      case LinkErrc::kStalled:
        return "USB endpoint stalled";
      case LinkErrc::kOverflow:
        return "USB device sent more than asked for (overflow)";
      case LinkErrc::kTimedOut:
        return "USB device did not take the data in time";
    }
    return "link error " + std::to_string(value);
  }
};

}  // namespace

const boost::system::error_category& link_category() {
  static const LinkCategory category;
  return category;
}

bool device_went_away(const boost::system::error_code& ec) {
  if (ec == boost::asio::error::eof || ec == LinkErrc::kDeviceRemoved) return true;
  if (ec.category() != boost::system::system_category() &&
      ec.category() != boost::system::generic_category()) {
    return false;
  }
  const int e = ec.value();
  return e == ENODEV || e == ENXIO || e == EIO || e == ECONNRESET || e == EPIPE;
}

}  // namespace insole::link
