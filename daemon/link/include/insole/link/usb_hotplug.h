// Tells when insoles (one VID:PID) arrive on or leave the USB bus, through libusb hotplug
// (libusb_hotplug_register_callback), on the io_context's thread. For the daemon: open
// info.uri() on arrival, and expect the open session's link to fail with "USB device removed"
// around the time on_left fires (the order of the two is not guaranteed).
//
// Callbacks are posted to the io_context, never run inside libusb, so they may open and close
// devices. On arrival the watcher opens the device briefly to read its serial number (empty if
// it cannot: no permission, no serial); on departure it reports what it learned on arrival.
#ifndef INSOLE_LINK_USB_HOTPLUG_H_
#define INSOLE_LINK_USB_HOTPLUG_H_

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "insole/link/usb_context.h"
#include "insole/link/usb_link.h"

struct libusb_device;

namespace insole::link {

struct UsbDeviceInfo {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::uint8_t bus = 0;
  std::uint8_t address = 0;
  std::string serial;
  // The URI that opens this device: usb:VID:PID/SERIAL (usb:VID:PID if it has no serial).
  std::string uri() const { return UsbSelector{vendor_id, product_id, serial}.uri(); }
};

struct UsbHotplugCallbacks {
  std::function<void(const UsbDeviceInfo&)> on_arrived;
  std::function<void(const UsbDeviceInfo&)> on_left;
};

class UsbHotplugWatcher {
 public:
  // Watches vendor_id:product_id. With report_present, devices already connected are reported
  // as arrivals first. Throws LinkError if this libusb has no hotplug support.
  UsbHotplugWatcher(boost::asio::io_context& io, UsbHotplugCallbacks callbacks,
                    std::uint16_t vendor_id = kDefaultUsbVendorId,
                    std::uint16_t product_id = kDefaultUsbProductId, bool report_present = true);
  ~UsbHotplugWatcher();
  UsbHotplugWatcher(const UsbHotplugWatcher&) = delete;
  UsbHotplugWatcher& operator=(const UsbHotplugWatcher&) = delete;

  // Devices that arrived and have not left.
  std::size_t present() const { return known_.size(); }

 private:
  friend struct UsbHotplugTrampoline;
  void post_event(libusb_device* device, bool arrival);
  void arrived(libusb_device* device);
  void left(libusb_device* device);

  std::shared_ptr<UsbContext> usb_;
  UsbHotplugCallbacks callbacks_;
  int handle_ = 0;
  bool registered_ = false;
  std::map<libusb_device*, UsbDeviceInfo> known_;  // each holds a libusb reference
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace insole::link

#endif  // INSOLE_LINK_USB_HOTPLUG_H_
