#include "insole/link/usb_hotplug.h"

#include <libusb.h>

#include <boost/asio/post.hpp>

#include "usb_util.h"

namespace insole::link {

namespace asio = boost::asio;

struct UsbHotplugTrampoline {
  static int LIBUSB_CALL call(libusb_context*, libusb_device* device, libusb_hotplug_event event,
                              void* self) {
    static_cast<UsbHotplugWatcher*>(self)->post_event(device,
                                                      event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED);
    return 0;  // stay registered
  }
};

namespace {

// Keeps a device (and the libusb context it belongs to) alive until a posted event has run or
// has been dropped with the io_context.
struct HeldDevice {
  HeldDevice(std::shared_ptr<UsbContext> context, libusb_device* d)
      : usb(std::move(context)), device(d) {
    libusb_ref_device(device);
  }
  ~HeldDevice() { libusb_unref_device(device); }
  HeldDevice(const HeldDevice&) = delete;
  HeldDevice& operator=(const HeldDevice&) = delete;
  std::shared_ptr<UsbContext> usb;
  libusb_device* device;
};

}  // namespace

UsbHotplugWatcher::UsbHotplugWatcher(asio::io_context& io, UsbHotplugCallbacks callbacks,
                                     std::uint16_t vendor_id, std::uint16_t product_id,
                                     bool report_present)
    : usb_(UsbContext::for_io(io)), callbacks_(std::move(callbacks)) {
  if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) == 0)
    throw LinkError("this libusb cannot report USB hotplug events");
  const int r = libusb_hotplug_register_callback(
      usb_->get(),
      static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                        LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
      report_present ? LIBUSB_HOTPLUG_ENUMERATE : static_cast<libusb_hotplug_flag>(0), vendor_id,
      product_id, LIBUSB_HOTPLUG_MATCH_ANY, &UsbHotplugTrampoline::call, this, &handle_);
  if (r != LIBUSB_SUCCESS)
    throw LinkError("cannot watch USB hotplug events for " +
                    detail::usb_ids(vendor_id, product_id) + ": " + libusb_strerror(r));
  registered_ = true;
}

UsbHotplugWatcher::~UsbHotplugWatcher() {
  *alive_ = false;
  if (registered_) libusb_hotplug_deregister_callback(usb_->get(), handle_);
  for (auto& [device, info] : known_) libusb_unref_device(device);
}

void UsbHotplugWatcher::post_event(libusb_device* device, bool arrival) {
  auto held = std::make_shared<HeldDevice>(usb_, device);
  asio::post(usb_->io(), [this, alive = alive_, held, arrival] {
    if (!*alive) return;
    if (arrival)
      arrived(held->device);
    else
      left(held->device);
  });
}

void UsbHotplugWatcher::arrived(libusb_device* device) {
  if (known_.count(device) != 0) return;  // reported twice (enumeration racing an event)
  UsbDeviceInfo info;
  libusb_device_descriptor d{};
  libusb_get_device_descriptor(device, &d);
  info.vendor_id = d.idVendor;
  info.product_id = d.idProduct;
  info.bus = libusb_get_bus_number(device);
  info.address = libusb_get_device_address(device);
  libusb_device_handle* handle = nullptr;
  if (libusb_open(device, &handle) == 0) {
    info.serial = detail::read_serial(handle, d);
    libusb_close(handle);
  }
  libusb_ref_device(device);
  known_.emplace(device, info);
  if (callbacks_.on_arrived) callbacks_.on_arrived(info);
}

void UsbHotplugWatcher::left(libusb_device* device) {
  UsbDeviceInfo info;
  const auto it = known_.find(device);
  if (it != known_.end()) {
    info = it->second;
    known_.erase(it);
    libusb_unref_device(device);
  } else {
    libusb_device_descriptor d{};
    libusb_get_device_descriptor(device, &d);
    info.vendor_id = d.idVendor;
    info.product_id = d.idProduct;
    info.bus = libusb_get_bus_number(device);
    info.address = libusb_get_device_address(device);
  }
  if (callbacks_.on_left) callbacks_.on_left(info);
}

}  // namespace insole::link
