// Small libusb helpers shared by UsbLink and UsbHotplugWatcher (not installed).
#ifndef INSOLE_LINK_SRC_USB_UTIL_H_
#define INSOLE_LINK_SRC_USB_UTIL_H_

#include <libusb.h>

#include <cstdint>
#include <string>

namespace insole::link::detail {

// "1209:0001"
std::string usb_ids(std::uint16_t vendor_id, std::uint16_t product_id);

// The device's serial number string ("" if it has none or it cannot be read). A short
// synchronous control transfer: libusb handles its own events meanwhile.
std::string read_serial(libusb_device_handle* handle, const libusb_device_descriptor& descriptor);

}  // namespace insole::link::detail

#endif  // INSOLE_LINK_SRC_USB_UTIL_H_
