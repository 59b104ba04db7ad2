// Error codes the links hand to read and write handlers, beyond the system and Asio ones
// (asio::error::eof for a closed TCP connection or the end of a capture, operation_aborted
// after close()). Each message is a phrase that reads well after "link usb:1209:0001 lost: ".
#ifndef INSOLE_LINK_LINK_ERROR_H_
#define INSOLE_LINK_LINK_ERROR_H_

#include <boost/system/error_code.hpp>
#include <type_traits>

namespace insole::link {

enum class LinkErrc {
  kDeviceRemoved = 1,  // the USB device went away (unplugged, reset, powered off)
  kTransferFailed,     // a USB transfer failed for another reason
  kStalled,            // the endpoint stalled (the device refused the transfer)
  kOverflow,           // the device sent more than the transfer asked for
  kTimedOut,           // the device did not take a write in time
};

const boost::system::error_category& link_category();

inline boost::system::error_code make_error_code(LinkErrc e) {
  return {static_cast<int>(e), link_category()};
}

// The ordinary end of a link, not a fault: the device went away (unplugged, switched off, its
// port closed): end of file or hang-up, ENODEV, ENXIO, EIO (what a tty reads once its USB device
// is gone), a peer that reset the connection, or kDeviceRemoved. Everything else is an error.
bool device_went_away(const boost::system::error_code& ec);

}  // namespace insole::link

template <>
struct boost::system::is_error_code_enum<insole::link::LinkErrc> : std::true_type {};

#endif  // INSOLE_LINK_LINK_ERROR_H_
