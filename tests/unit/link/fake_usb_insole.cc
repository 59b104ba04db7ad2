#include "fake_usb_insole.h"

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace insole::testing {

namespace {

constexpr std::uint8_t kGetDescriptor = 6;
constexpr std::uint8_t kStringDescriptor = 3;
constexpr std::uint8_t kSerialIndex = 3;  // iSerialNumber in the .umockdev device descriptor

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The answer to GET_DESCRIPTOR(string, index): language ids for index 0, else UTF-16LE text.
Bytes string_descriptor(std::uint8_t index, const std::string& serial) {
  if (index == 0) return {4, kStringDescriptor, 0x09, 0x04};  // en-US
  if (index != kSerialIndex) return {};
  Bytes d{static_cast<std::uint8_t>(2 + 2 * serial.size()), kStringDescriptor};
  for (char c : serial) {
    d.push_back(static_cast<std::uint8_t>(c));
    d.push_back(0);
  }
  return d;
}

}  // namespace

FakeUsbInsole::FakeUsbInsole(UMockdevTestbed* testbed, const std::string& description_file,
                             std::string serial)
    : testbed_(testbed), description_(read_file(description_file)), serial_(std::move(serial)) {
  std::istringstream lines(description_);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("P: ", 0) == 0) syspath_ = "/sys" + line.substr(3);
    if (line.rfind("N: ", 0) == 0) devnode_ = "/dev/" + line.substr(3, line.find('=') - 3);
  }
  if (syspath_.empty() || devnode_.empty())
    throw std::runtime_error(description_file + " names no device path or node");
  // The ioctl handler first: a process that sees the node appear opens it at once, and
  // umockdev's preload ends that process when the node has no handler yet.
  attach();
  GError* error = nullptr;
  if (!umockdev_testbed_add_from_string(testbed_, description_.c_str(), &error))
    throw std::runtime_error(std::string("umockdev: ") + (error ? error->message : "add failed"));
}

FakeUsbInsole::~FakeUsbInsole() {
  GError* error = nullptr;
  umockdev_testbed_detach_ioctl(testbed_, devnode_.c_str(), &error);
  if (error != nullptr) g_error_free(error);
  if (handler_ != nullptr) g_object_unref(handler_);
  drop_pending();
}

void FakeUsbInsole::attach() {
  handler_ = umockdev_ioctl_base_new();
  g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(&FakeUsbInsole::on_ioctl), this);
  GError* error = nullptr;
  if (!umockdev_testbed_attach_ioctl(testbed_, devnode_.c_str(), handler_, &error))
    throw std::runtime_error(std::string("umockdev attach: ") +
                             (error ? error->message : "failed"));
}

void FakeUsbInsole::drop_pending() {
  std::lock_guard<std::mutex> lock(mutex_);
  for (UMockdevIoctlData* urb : pending_) umockdev_ioctl_data_unref(urb);
  pending_.clear();
  discard_requests_.clear();
}

void FakeUsbInsole::push_in(Bytes bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  in_queue_.push_back(std::move(bytes));
}

std::vector<Bytes> FakeUsbInsole::out() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return out_;
}

void FakeUsbInsole::on_out(std::function<void(const Bytes&)> callback) {
  std::lock_guard<std::mutex> lock(mutex_);
  on_out_ = std::move(callback);
}

int FakeUsbInsole::pending_in() const {
  std::lock_guard<std::mutex> lock(mutex_);
  int n = 0;
  for (UMockdevIoctlData* u : pending_) {
    const auto* urb = reinterpret_cast<const usbdevfs_urb*>(u->data);
    if (urb->type == USBDEVFS_URB_TYPE_BULK && (urb->endpoint & 0x80) != 0 &&
        discard_requests_.count(u->client_addr) == 0)
      ++n;
  }
  return n;
}

void FakeUsbInsole::unplug() {
  unplugged_ = true;
  umockdev_testbed_uevent(testbed_, syspath_.c_str(), "remove");
  umockdev_testbed_remove_device(testbed_, syspath_.c_str());
}

void FakeUsbInsole::replug() {
  GError* error = nullptr;
  umockdev_testbed_detach_ioctl(testbed_, devnode_.c_str(), &error);
  if (error != nullptr) g_error_free(error);
  g_object_unref(handler_);
  handler_ = nullptr;
  drop_pending();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    in_queue_.clear();
    out_.clear();
  }
  unplugged_ = false;
  attach();  // before the node appears (see the constructor)
  error = nullptr;
  if (!umockdev_testbed_add_from_string(testbed_, description_.c_str(), &error))
    throw std::runtime_error(std::string("umockdev: ") + (error ? error->message : "add failed"));
  umockdev_testbed_uevent(testbed_, syspath_.c_str(), "add");
}

gboolean FakeUsbInsole::on_ioctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
  return static_cast<FakeUsbInsole*>(self)->handle(client);
}

gboolean FakeUsbInsole::handle(UMockdevIoctlClient* client) {
  const gulong request = umockdev_ioctl_client_get_request(client);
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  GError* error = nullptr;
  const auto fail = [client](int err) {
    umockdev_ioctl_client_complete(client, -1, err);
    return TRUE;
  };
  // Hands a finished URB back to the client: *arg = its URB pointer; umockdev copies the URB
  // and its buffer back into the client's memory.
  const auto reap = [client, arg, &error](UMockdevIoctlData* urb) {
    UMockdevIoctlData* slot = umockdev_ioctl_data_resolve(arg, 0, sizeof(void*), &error);
    umockdev_ioctl_data_set_ptr(slot, 0, urb);
    umockdev_ioctl_client_complete(client, 0, 0);
    umockdev_ioctl_data_unref(urb);
    return TRUE;
  };

  if (unplugged_) {
    if (request != USBDEVFS_REAPURB && request != USBDEVFS_REAPURBNDELAY) return fail(ENODEV);
    UMockdevIoctlData* done = nullptr;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!pending_.empty()) {
        done = pending_.front();
        pending_.pop_front();
      }
    }
    if (done == nullptr) return fail(ENODEV);
    auto* urb = reinterpret_cast<usbdevfs_urb*>(done->data);
    urb->status = -ESHUTDOWN;
    urb->actual_length = 0;
    return reap(done);
  }

  switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
      UMockdevIoctlData* caps = umockdev_ioctl_data_resolve(arg, 0, sizeof(std::uint32_t), &error);
      const std::uint32_t value = USBDEVFS_CAP_ZERO_PACKET | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
      std::memcpy(caps->data, &value, sizeof value);
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case FIONBIO:  // the kernel handles it for every fd; Asio sets it before async_wait
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
    case USBDEVFS_SETINTERFACE:
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    case USBDEVFS_SUBMITURB: {
      UMockdevIoctlData* u = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), &error);
      const auto* urb = reinterpret_cast<usbdevfs_urb*>(u->data);
      // Bring the data buffer over too; from now on urb->buffer points at our copy.
      umockdev_ioctl_data_resolve(u, offsetof(usbdevfs_urb, buffer),
                                  static_cast<std::size_t>(urb->buffer_length), &error);
      umockdev_ioctl_data_ref(u);
      {
        std::lock_guard<std::mutex> lock(mutex_);
        pending_.push_back(u);
      }
      ++submitted_;
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_DISCARDURB: {
      // The argument is the client's URB pointer itself.
      unsigned long address = 0;
      std::memcpy(&address, arg->data, sizeof address);
      bool found = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (UMockdevIoctlData* u : pending_) found = found || u->client_addr == address;
        if (found) discard_requests_.insert(address);
      }
      if (!found) return fail(EINVAL);
      ++discarded_;
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
      UMockdevIoctlData* done = nullptr;
      Bytes written;
      std::function<void(const Bytes&)> on_out;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto it = pending_.begin(); it != pending_.end(); ++it) {
          auto* urb = reinterpret_cast<usbdevfs_urb*>((*it)->data);
          auto* data = static_cast<std::uint8_t*>(urb->buffer);
          if (discard_requests_.erase((*it)->client_addr) != 0) {
            urb->status = -ENOENT;
            urb->actual_length = 0;
          } else if (urb->type == USBDEVFS_URB_TYPE_CONTROL) {
            // setup packet: bmRequestType, bRequest, wValue, wIndex, wLength (little-endian)
            Bytes answer;
            if (data[1] == kGetDescriptor && data[3] == kStringDescriptor)
              answer = string_descriptor(data[2], serial_);
            if (answer.empty()) {
              urb->status = -EPIPE;  // a stall, as a device answers what it does not know
              urb->actual_length = 0;
            } else {
              const std::size_t room = static_cast<std::size_t>(data[6] | data[7] << 8);
              const std::size_t n = std::min(room, answer.size());
              std::memcpy(data + 8, answer.data(), n);
              urb->status = 0;
              urb->actual_length = static_cast<int>(n);
            }
          } else if ((urb->endpoint & 0x80) != 0) {
            if (in_queue_.empty()) continue;
            const Bytes packet = std::move(in_queue_.front());
            in_queue_.pop_front();
            const std::size_t n =
                std::min(packet.size(), static_cast<std::size_t>(urb->buffer_length));
            std::memcpy(data, packet.data(), n);
            urb->status = 0;
            urb->actual_length = static_cast<int>(n);
          } else {
            if (hold_out_) continue;
            written.assign(data, data + urb->buffer_length);
            out_.push_back(written);
            on_out = on_out_;
            urb->status = 0;
            urb->actual_length = urb->buffer_length;
          }
          done = *it;
          pending_.erase(it);
          break;
        }
      }
      if (done == nullptr) return fail(EAGAIN);
      if (on_out && !written.empty()) on_out(written);
      return reap(done);
    }
    default:
      ++unhandled_;
      std::fprintf(stderr, "[fake usb] unhandled ioctl 0x%lx\n", request);
      return fail(ENOTTY);
  }
}

}  // namespace insole::testing
