// Link over USB bulk endpoints with libusb-1.0, asynchronous transfers only, driven by the
// io_context through UsbContext (usb_context.h).
//
// URI: usb:VID:PID[/SERIAL] (hex ids), e.g. usb:1209:0001 or usb:1209:0001/L-0001; "usb:" and
// "usb:/SERIAL" mean the default ids 1209:0001 (pid.codes' test range; the product gets its
// own pair before release, see docs/transports.md). The insole is a vendor-class interface 0 with
// bulk IN 0x81 (device -> host) and bulk OUT 0x01 (host -> device), carrying the same byte stream
// as the serial link.
//
// Opening (synchronous, like the other links): find devices with VID:PID; with a serial, open
// each and read its serial string until one matches; without, take the only one (two or more is
// an error that lists their URIs). Then claim interface 0 and keep in_transfers IN transfers in
// flight, so the device always has somewhere to put the next packet while we handle the last.
// Received bytes wait in a buffer for async_read_some; when more than max_buffered wait, IN
// transfers are held back until the reader catches up (the device then buffers or drops, and
// sequence numbers show it). Writes go out one OUT transfer each, in order, each bounded by
// write_timeout (a write the device never takes fails with LinkErrc::kTimedOut).
//
// Unplug: the kernel completes every pending transfer with an error; the link stops, and the
// pending (or next) read gets LinkErrc::kDeviceRemoved once the bytes already received have
// been read, so the session ends with "link usb:... lost: USB device removed".
//
// close() cancels the transfers; the destructor waits (at most 2 s, handling libusb events
// itself) until the kernel has given them back, then releases the interface and closes the
// device, so the same device can be opened again at once.
#ifndef INSOLE_LINK_USB_LINK_H_
#define INSOLE_LINK_USB_LINK_H_

#include <chrono>
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include "insole/link/link.h"
#include "insole/link/usb_context.h"

struct libusb_device_handle;
struct libusb_transfer;

namespace insole::link {

inline constexpr std::uint16_t kDefaultUsbVendorId = 0x1209;   // pid.codes
inline constexpr std::uint16_t kDefaultUsbProductId = 0x0001;  // pid.codes test PID

struct UsbSelector {
  std::uint16_t vendor_id = kDefaultUsbVendorId;
  std::uint16_t product_id = kDefaultUsbProductId;
  std::string serial;       // empty: any
  std::string uri() const;  // canonical form, e.g. "usb:1209:0001/L-0001"
};

// Parses "usb:[VID:PID][/SERIAL]"; throws LinkError naming the expected form.
UsbSelector parse_usb_uri(const std::string& uri);

struct UsbLinkOptions {
  int interface_number = 0;
  std::uint8_t in_endpoint = 0x81;
  std::uint8_t out_endpoint = 0x01;
  int in_transfers = 4;                // IN transfers kept in flight
  std::size_t in_transfer_size = 512;  // bytes per IN transfer (a short packet ends one early)
  std::size_t max_buffered = 64 * 1024;
  std::chrono::milliseconds write_timeout{1000};
};

struct UsbLinkStats {
  std::uint64_t in_completed = 0;  // IN transfers that brought data back
  std::uint64_t bytes_in = 0;
  std::uint64_t out_completed = 0;
  std::uint64_t bytes_out = 0;
  int max_in_flight = 0;  // most IN transfers pending at once
};

class UsbLink final : public Link {
 public:
  UsbLink(boost::asio::io_context& io, const std::string& uri, UsbLinkOptions options = {});
  ~UsbLink() override;
  UsbLink(const UsbLink&) = delete;
  UsbLink& operator=(const UsbLink&) = delete;

  void async_read_some(boost::asio::mutable_buffer buffer, ReadHandler handler) override;
  void write(std::vector<std::uint8_t> bytes) override;
  void set_write_error_handler(WriteHandler handler) override {
    on_write_error_ = std::move(handler);
  }
  void close() override;
  const std::string& uri() const override { return uri_; }

  // The device actually opened.
  const std::string& serial() const { return serial_; }
  std::uint8_t bus() const { return bus_; }
  std::uint8_t address() const { return address_; }
  std::string device_uri() const;  // usb:VID:PID/SERIAL of this device
  const UsbLinkStats& stats() const { return stats_; }
  int in_flight() const { return in_flight_; }

 private:
  static void on_in_done(libusb_transfer* transfer);
  static void on_out_done(libusb_transfer* transfer);
  void teardown();  // close(), wait for the transfers, free them, close the device
  void in_done(libusb_transfer* transfer);
  void out_done(libusb_transfer* transfer);
  void submit_in(libusb_transfer* transfer);
  void resume_in();
  void write_next();
  void fail(const boost::system::error_code& ec);
  void deliver();
  std::size_t buffered() const { return rx_.size() - rx_head_; }

  std::shared_ptr<UsbContext> usb_;
  std::string uri_;
  UsbLinkOptions options_;
  UsbSelector selector_;
  libusb_device_handle* handle_ = nullptr;
  bool claimed_ = false;
  std::string serial_;
  std::uint8_t bus_ = 0;
  std::uint8_t address_ = 0;

  std::vector<libusb_transfer*> in_;       // all IN transfers
  std::vector<libusb_transfer*> idle_in_;  // IN transfers not submitted (held back or stopped)
  int in_flight_ = 0;
  libusb_transfer* out_ = nullptr;
  bool out_busy_ = false;
  std::vector<std::uint8_t> out_bytes_;  // the OUT transfer's buffer while it is in flight
  std::deque<std::vector<std::uint8_t>> write_queue_;

  std::vector<std::uint8_t> rx_;  // received, not yet read: rx_[rx_head_..]
  std::size_t rx_head_ = 0;
  boost::system::error_code error_;  // why the link stopped; reported after rx_ is read
  bool closed_ = false;

  bool read_pending_ = false;
  boost::asio::mutable_buffer read_buffer_;
  ReadHandler read_handler_;
  WriteHandler on_write_error_;
  UsbLinkStats stats_;
};

}  // namespace insole::link

#endif  // INSOLE_LINK_USB_LINK_H_
