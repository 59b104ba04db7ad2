#include "insole/link/usb_link.h"

#include <libusb.h>

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "insole/link/link_error.h"
#include "usb_util.h"

namespace insole::link {

namespace asio = boost::asio;

namespace detail {

std::string usb_ids(std::uint16_t vendor_id, std::uint16_t product_id) {
  char text[16];
  std::snprintf(text, sizeof text, "%04x:%04x", vendor_id, product_id);
  return text;
}

std::string read_serial(libusb_device_handle* handle, const libusb_device_descriptor& descriptor) {
  if (descriptor.iSerialNumber == 0) return {};
  unsigned char text[128] = {};
  const int n =
      libusb_get_string_descriptor_ascii(handle, descriptor.iSerialNumber, text, sizeof text - 1);
  if (n <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), static_cast<std::size_t>(n));
}

}  // namespace detail

namespace {

using detail::usb_ids;

boost::system::error_code transfer_error(int status) {
  switch (status) {
    case LIBUSB_TRANSFER_NO_DEVICE:
      return LinkErrc::kDeviceRemoved;
    case LIBUSB_TRANSFER_STALL:
      return LinkErrc::kStalled;
    case LIBUSB_TRANSFER_OVERFLOW:
      return LinkErrc::kOverflow;
    case LIBUSB_TRANSFER_TIMED_OUT:
      return LinkErrc::kTimedOut;
    default:
      return LinkErrc::kTransferFailed;
  }
}

boost::system::error_code submit_error(int r) {
  return r == LIBUSB_ERROR_NO_DEVICE ? LinkErrc::kDeviceRemoved : LinkErrc::kTransferFailed;
}

bool parse_hex16(const std::string& text, std::uint16_t& out) {
  if (text.empty() || text.size() > 4) return false;
  unsigned value = 0;
  for (char c : text) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    value = value * 16 + static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(c))
                                                   ? c - '0'
                                                   : std::tolower(c) - 'a' + 10);
  }
  out = static_cast<std::uint16_t>(value);
  return true;
}

std::string open_error(int r, const std::string& what) {
  switch (r) {
    case LIBUSB_ERROR_ACCESS:
      return "permission denied opening " + what +
             ": install the insole udev rule (docs/transports.md) and make sure this user is "
             "in its group";
    case LIBUSB_ERROR_BUSY:
      return what + " is in use by another program (another insoled?)";
    case LIBUSB_ERROR_NO_DEVICE:
      return what + " was unplugged while opening it";
    default:
      return "cannot open " + what + ": " + libusb_strerror(r);
  }
}

}  // namespace

std::string UsbSelector::uri() const {
  return "usb:" + usb_ids(vendor_id, product_id) + (serial.empty() ? "" : "/" + serial);
}

UsbSelector parse_usb_uri(const std::string& uri) {
  const auto bad = [&uri](const std::string& why) {
    return LinkError("bad USB device URI '" + uri + "': " + why +
                     "; expected usb:VID:PID[/SERIAL] in hex, e.g. usb:1209:0001 or "
                     "usb:1209:0001/L-0001 (usb: alone means 1209:0001)");
  };
  if (uri != "usb" && uri.rfind("usb:", 0) != 0) throw bad("not a usb: URI");
  UsbSelector selector;
  std::string rest = uri.size() > 4 ? uri.substr(4) : "";
  const auto slash = rest.find('/');
  if (slash != std::string::npos) {
    selector.serial = rest.substr(slash + 1);
    if (selector.serial.empty()) throw bad("empty serial after '/'");
    rest.resize(slash);
  }
  if (rest.empty()) return selector;
  const auto colon = rest.find(':');
  if (colon == std::string::npos) throw bad("give both vendor and product id");
  if (!parse_hex16(rest.substr(0, colon), selector.vendor_id))
    throw bad("vendor id '" + rest.substr(0, colon) + "' is not 1 to 4 hex digits");
  if (!parse_hex16(rest.substr(colon + 1), selector.product_id))
    throw bad("product id '" + rest.substr(colon + 1) + "' is not 1 to 4 hex digits");
  return selector;
}

UsbLink::UsbLink(asio::io_context& io, const std::string& uri, UsbLinkOptions options)
    : usb_(UsbContext::for_io(io)), uri_(uri), options_(options), selector_(parse_usb_uri(uri)) {
  libusb_context* ctx = usb_->get();
  const std::string ids = usb_ids(selector_.vendor_id, selector_.product_id);

  libusb_device** list = nullptr;
  const ssize_t count = libusb_get_device_list(ctx, &list);
  if (count < 0)
    throw LinkError("cannot list USB devices: " +
                    std::string(libusb_strerror(static_cast<int>(count))));
  std::vector<libusb_device*> candidates;
  for (ssize_t i = 0; i < count; ++i) {
    libusb_device_descriptor d{};
    if (libusb_get_device_descriptor(list[i], &d) == 0 && d.idVendor == selector_.vendor_id &&
        d.idProduct == selector_.product_id)
      candidates.push_back(list[i]);
  }
  const auto where = [](libusb_device* dev) {
    return "bus " + std::to_string(libusb_get_bus_number(dev)) + " address " +
           std::to_string(libusb_get_device_address(dev));
  };

  std::string first_error;
  std::vector<std::string> seen;  // URIs of the devices we could look at
  libusb_device* chosen = nullptr;
  for (libusb_device* dev : candidates) {
    libusb_device_handle* h = nullptr;
    const int r = libusb_open(dev, &h);
    if (r != 0) {
      if (first_error.empty())
        first_error = open_error(r, "USB device " + ids + " at " + where(dev));
      continue;
    }
    libusb_device_descriptor d{};
    libusb_get_device_descriptor(dev, &d);
    const std::string serial = detail::read_serial(h, d);
    seen.push_back(UsbSelector{selector_.vendor_id, selector_.product_id, serial}.uri());
    const bool match =
        selector_.serial.empty() ? candidates.size() == 1 : serial == selector_.serial;
    if (match && chosen == nullptr) {
      chosen = dev;
      handle_ = h;
      serial_ = serial;
      if (!selector_.serial.empty()) break;
    } else {
      libusb_close(h);
    }
  }
  if (chosen != nullptr) {
    bus_ = libusb_get_bus_number(chosen);
    address_ = libusb_get_device_address(chosen);
  }
  libusb_free_device_list(list, 1);

  if (handle_ == nullptr) {
    std::string list_text;
    for (const auto& s : seen) list_text += (list_text.empty() ? "" : ", ") + s;
    if (candidates.empty())
      throw LinkError(
          "no USB device " + ids + " found" +
          (selector_.serial.empty() ? "" : " (wanted serial '" + selector_.serial + "')") +
          " (is the insole plugged in? `lsusb -d " + ids + "` lists it)");
    if (!first_error.empty() && seen.empty()) throw LinkError(first_error);
    if (selector_.serial.empty())
      throw LinkError(std::to_string(candidates.size()) + " USB devices " + ids +
                      " are connected; say which one: " + list_text);
    throw LinkError("no USB device " + ids + " has serial '" + selector_.serial +
                    "' (found: " + (list_text.empty() ? "none readable" : list_text) + ")" +
                    (first_error.empty() ? "" : "; " + first_error));
  }

  const int claim = libusb_claim_interface(handle_, options_.interface_number);
  if (claim != 0) {
    libusb_close(handle_);
    handle_ = nullptr;
    throw LinkError(open_error(claim, "interface " + std::to_string(options_.interface_number) +
                                          " of USB device " + selector_.uri()));
  }
  claimed_ = true;

  for (int i = 0; i < options_.in_transfers; ++i) {
    libusb_transfer* t = libusb_alloc_transfer(0);
    auto* buffer = static_cast<unsigned char*>(std::malloc(options_.in_transfer_size));
    if (t == nullptr || buffer == nullptr) {
      std::free(buffer);
      libusb_free_transfer(t);
      break;
    }
    // No timeout: an insole that has nothing to say is not an error. The buffer belongs to the
    // transfer (FREE_BUFFER), so a transfer given up on at teardown never points at freed memory.
    libusb_fill_bulk_transfer(t, handle_, options_.in_endpoint, buffer,
                              static_cast<int>(options_.in_transfer_size), &UsbLink::on_in_done,
                              this, 0);
    t->flags |= LIBUSB_TRANSFER_FREE_BUFFER;
    in_.push_back(t);
    idle_in_.push_back(t);
  }
  out_ = libusb_alloc_transfer(0);
  if (in_.empty() || out_ == nullptr) {
    teardown();
    throw LinkError("out of memory for USB transfers");
  }
  resume_in();
  if (error_) {
    const std::string why = error_.message();
    teardown();
    throw LinkError("cannot start reading from USB device " + selector_.uri() + ": " + why);
  }
}

UsbLink::~UsbLink() { teardown(); }

void UsbLink::teardown() {
  close();
  libusb_context* ctx = usb_->get();
  // Let the kernel give the cancelled transfers back; nothing may free them before.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  while ((in_flight_ > 0 || out_busy_) && std::chrono::steady_clock::now() < deadline) {
    timeval tv{0, 50'000};
    libusb_handle_events_timeout_completed(ctx, &tv, nullptr);
  }
  if (in_flight_ > 0 || out_busy_) {
    // Should never happen (the kernel always returns cancelled URBs). Freeing now would let
    // libusb write into freed memory later: give the stragglers a callback that frees them, and
    // leave the device open.
    static constexpr auto kFreeOnCompletion = [](libusb_transfer* t) { libusb_free_transfer(t); };
    for (libusb_transfer* t : in_) {
      if (std::find(idle_in_.begin(), idle_in_.end(), t) != idle_in_.end()) {
        libusb_free_transfer(t);
      } else {
        t->callback = kFreeOnCompletion;
      }
    }
    if (out_busy_) {
      out_->callback = kFreeOnCompletion;  // OUT data was copied at submission
    } else {
      libusb_free_transfer(out_);
    }
    std::fprintf(stderr, "usb: %s: %d transfers not returned by the kernel; device left open\n",
                 uri_.c_str(), in_flight_ + (out_busy_ ? 1 : 0));
    in_.clear();
    idle_in_.clear();
    out_ = nullptr;
    handle_ = nullptr;
    return;
  }
  for (libusb_transfer* t : in_) libusb_free_transfer(t);
  in_.clear();
  idle_in_.clear();
  libusb_free_transfer(out_);
  out_ = nullptr;
  if (handle_ != nullptr) {
    if (claimed_) libusb_release_interface(handle_, options_.interface_number);
    libusb_close(handle_);
    handle_ = nullptr;
  }
}

std::string UsbLink::device_uri() const {
  return UsbSelector{selector_.vendor_id, selector_.product_id, serial_}.uri();
}

void UsbLink::on_in_done(libusb_transfer* transfer) {
  static_cast<UsbLink*>(transfer->user_data)->in_done(transfer);
}

void UsbLink::on_out_done(libusb_transfer* transfer) {
  static_cast<UsbLink*>(transfer->user_data)->out_done(transfer);
}

void UsbLink::submit_in(libusb_transfer* transfer) {
  const int r = libusb_submit_transfer(transfer);
  if (r != 0) {
    idle_in_.push_back(transfer);
    fail(submit_error(r));
    return;
  }
  ++in_flight_;
  if (in_flight_ > stats_.max_in_flight) stats_.max_in_flight = in_flight_;
}

void UsbLink::resume_in() {
  while (!closed_ && !error_ && !idle_in_.empty() && buffered() < options_.max_buffered) {
    libusb_transfer* t = idle_in_.back();
    idle_in_.pop_back();
    submit_in(t);
  }
}

void UsbLink::in_done(libusb_transfer* transfer) {
  --in_flight_;
  const bool data = transfer->status == LIBUSB_TRANSFER_COMPLETED ||
                    transfer->status == LIBUSB_TRANSFER_TIMED_OUT;
  if (data && transfer->actual_length > 0 && !closed_) {
    if (rx_head_ > 0 && rx_head_ == rx_.size()) {
      rx_.clear();
      rx_head_ = 0;
    }
    rx_.insert(rx_.end(), transfer->buffer, transfer->buffer + transfer->actual_length);
    ++stats_.in_completed;
    stats_.bytes_in += static_cast<std::uint64_t>(transfer->actual_length);
  }
  idle_in_.push_back(transfer);
  if (closed_) return;
  if (!data) fail(transfer_error(transfer->status));
  resume_in();
  deliver();
}

void UsbLink::fail(const boost::system::error_code& ec) {
  if (error_) return;
  error_ = ec;
  // Stop the other transfers: nothing after a failure can be trusted to be in order.
  for (libusb_transfer* t : in_)
    if (std::find(idle_in_.begin(), idle_in_.end(), t) == idle_in_.end()) libusb_cancel_transfer(t);
  deliver();
}

void UsbLink::deliver() {
  if (!read_pending_) return;
  if (buffered() > 0) {
    const std::size_t n = std::min(buffered(), read_buffer_.size());
    std::memcpy(read_buffer_.data(), rx_.data() + rx_head_, n);
    rx_head_ += n;
    if (rx_head_ > 64 * 1024 && rx_head_ * 2 > rx_.size()) {
      rx_.erase(rx_.begin(), rx_.begin() + static_cast<std::ptrdiff_t>(rx_head_));
      rx_head_ = 0;
    }
    read_pending_ = false;
    asio::post(usb_->io(), [h = std::move(read_handler_), n] { h({}, n); });
    resume_in();
  } else if (error_) {
    read_pending_ = false;
    asio::post(usb_->io(), [h = std::move(read_handler_), ec = error_] { h(ec, 0); });
  }
}

void UsbLink::async_read_some(asio::mutable_buffer buffer, ReadHandler handler) {
  if (closed_) {
    asio::post(usb_->io(), [h = std::move(handler)] { h(asio::error::operation_aborted, 0); });
    return;
  }
  read_pending_ = true;
  read_buffer_ = buffer;
  read_handler_ = std::move(handler);
  deliver();
}

void UsbLink::write(std::vector<std::uint8_t> bytes) {
  if (closed_ || bytes.empty()) return;
  write_queue_.push_back(std::move(bytes));
  if (!out_busy_) write_next();
}

void UsbLink::write_next() {
  if (closed_ || write_queue_.empty()) return;
  if (error_) {
    write_queue_.clear();
    if (on_write_error_) asio::post(usb_->io(), [h = on_write_error_, ec = error_] { h(ec); });
    return;
  }
  out_bytes_ = std::move(write_queue_.front());
  write_queue_.pop_front();
  libusb_fill_bulk_transfer(out_, handle_, options_.out_endpoint, out_bytes_.data(),
                            static_cast<int>(out_bytes_.size()), &UsbLink::on_out_done, this,
                            static_cast<unsigned>(options_.write_timeout.count()));
  const int r = libusb_submit_transfer(out_);
  if (r != 0) {
    write_queue_.clear();
    const auto ec = submit_error(r);
    if (ec == LinkErrc::kDeviceRemoved) fail(ec);
    if (on_write_error_) asio::post(usb_->io(), [h = on_write_error_, ec] { h(ec); });
    return;
  }
  out_busy_ = true;
  usb_->update_timeout();
}

void UsbLink::out_done(libusb_transfer* transfer) {
  out_busy_ = false;
  if (closed_) return;
  if (transfer->status == LIBUSB_TRANSFER_COMPLETED &&
      transfer->actual_length == transfer->length) {
    ++stats_.out_completed;
    stats_.bytes_out += static_cast<std::uint64_t>(transfer->actual_length);
    write_next();
    return;
  }
  // A short write, a timeout or a failure: the rest of the queue would arrive out of context.
  write_queue_.clear();
  const auto ec = transfer->status == LIBUSB_TRANSFER_COMPLETED
                      ? boost::system::error_code(LinkErrc::kTransferFailed)
                      : transfer_error(transfer->status);
  if (ec == LinkErrc::kDeviceRemoved) fail(ec);
  if (on_write_error_) asio::post(usb_->io(), [h = on_write_error_, ec] { h(ec); });
}

void UsbLink::close() {
  if (closed_) return;
  closed_ = true;
  write_queue_.clear();
  if (read_pending_) {
    read_pending_ = false;
    asio::post(usb_->io(),
               [h = std::move(read_handler_)] { h(asio::error::operation_aborted, 0); });
  }
  for (libusb_transfer* t : in_)
    if (std::find(idle_in_.begin(), idle_in_.end(), t) == idle_in_.end()) libusb_cancel_transfer(t);
  if (out_busy_) libusb_cancel_transfer(out_);
}

}  // namespace insole::link
