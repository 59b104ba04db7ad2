// An emulated USB insole for the libusb link tests: umockdev describes the device in sysfs
// (tests/unit/link/insole_*.umockdev) and this class answers the usbfs ioctls libusb sends to its
// device node, so the real libusb code runs unchanged. Bulk IN URBs are completed from a queue
// the test fills (one queued packet per URB), bulk OUT URBs are recorded (or held, to make the
// device "not take" data), control URBs answer GET_DESCRIPTOR(string) with the serial number.
// Unplug follows the kernel: pending URBs complete with -ESHUTDOWN, then every ioctl fails with
// ENODEV. The ioctls arrive on umockdev's worker thread; everything here is thread-safe.
//
// The test binary must run under umockdev-wrapper (CTest does that).
#ifndef INSOLE_TESTS_UNIT_LINK_FAKE_USB_INSOLE_H_
#define INSOLE_TESTS_UNIT_LINK_FAKE_USB_INSOLE_H_

#include <umockdev.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace insole::testing {

using Bytes = std::vector<std::uint8_t>;

class FakeUsbInsole {
 public:
  // description_file: a .umockdev file describing one device; serial: what its string
  // descriptor 3 answers (the same as its sysfs "serial").
  FakeUsbInsole(UMockdevTestbed* testbed, const std::string& description_file, std::string serial);
  ~FakeUsbInsole();
  FakeUsbInsole(const FakeUsbInsole&) = delete;
  FakeUsbInsole& operator=(const FakeUsbInsole&) = delete;

  // Queues bytes for one IN transfer.
  void push_in(Bytes bytes);
  // The OUT transfers received so far.
  std::vector<Bytes> out() const;
  // While held, OUT URBs stay pending, as if the device's buffer were full.
  void hold_out(bool hold) { hold_out_ = hold; }
  // Called on umockdev's thread for each OUT transfer (after it is recorded).
  void on_out(std::function<void(const Bytes&)> callback);

  int pending_in() const;  // IN URBs submitted and not completed
  int submitted() const { return submitted_; }
  int discarded() const { return discarded_; }
  int unhandled() const { return unhandled_; }

  // Pulls the plug: pending URBs complete with -ESHUTDOWN, the device leaves sysfs with a
  // "remove" uevent, every later ioctl fails with ENODEV.
  void unplug();
  // Plugs it back in ("add" uevent), empty queues.
  void replug();

  const std::string& syspath() const { return syspath_; }
  const std::string& devnode() const { return devnode_; }

 private:
  static gboolean on_ioctl(UMockdevIoctlBase* base, UMockdevIoctlClient* client, gpointer self);
  gboolean handle(UMockdevIoctlClient* client);
  void attach();
  void drop_pending();

  UMockdevTestbed* testbed_;
  std::string description_;
  std::string serial_;
  std::string syspath_;
  std::string devnode_;
  UMockdevIoctlBase* handler_ = nullptr;

  mutable std::mutex mutex_;
  std::deque<Bytes> in_queue_;
  std::vector<Bytes> out_;
  std::deque<UMockdevIoctlData*> pending_;  // submitted URBs in order, each with a reference
  std::set<unsigned long> discard_requests_;
  std::function<void(const Bytes&)> on_out_;
  std::atomic<bool> unplugged_{false};
  std::atomic<bool> hold_out_{false};
  std::atomic<int> submitted_{0};
  std::atomic<int> discarded_{0};
  std::atomic<int> unhandled_{0};
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_UNIT_LINK_FAKE_USB_INSOLE_H_
