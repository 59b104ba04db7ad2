// One libusb context per Asio io_context, driven by the io_context: no thread of ours, no
// polling loop. libusb tells us which file descriptors it wants watched (libusb_get_pollfds at
// start, libusb_set_pollfd_notifiers for changes); each gets a posix::stream_descriptor whose
// async_wait(wait_read / wait_write) matches the fd's POLLIN / POLLOUT. When one is ready we call
// libusb_handle_events_timeout_completed with a zero timeout (libusb polls its fds itself,
// completes transfers, delivers hotplug events) and wait again. If libusb cannot put its
// timeouts on a timerfd (libusb_pollfds_handle_timeouts() == 0), a steady_timer follows
// libusb_get_next_timeout. On Linux the fds are libusb's event fd, its timerfd and one usbfs fd
// per open device (POLLOUT there means "a URB is ready to reap"; POLLERR means "unplugged").
//
// libusb's transfer and hotplug callbacks therefore run on the io_context's thread, inside
// handle_events. The links never call user code from them: user handlers are posted.
//
// (libusb itself starts one thread on Linux to listen to udev for hotplug; it only queues events
// that our handle_events then delivers.)
//
// Under umockdev a device node is a regular file, which epoll refuses: such an fd is treated as
// poll() treats it, always ready, and libusb runs again after each round of other handlers
// (always_ready_fds() > 0). That never happens with real usbfs, eventfd or timerfd fds.
#ifndef INSOLE_LINK_USB_CONTEXT_H_
#define INSOLE_LINK_USB_CONTEXT_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <map>
#include <memory>

struct libusb_context;

namespace insole::link {

class UsbContext : public std::enable_shared_from_this<UsbContext> {
 public:
  // The context of io, created on first use (libusb_init) and shared by every USB link and
  // hotplug watcher on io; it ends (libusb_exit) when the last of them is gone.
  // Throws LinkError if libusb cannot start.
  static std::shared_ptr<UsbContext> for_io(boost::asio::io_context& io);

  ~UsbContext();
  UsbContext(const UsbContext&) = delete;
  UsbContext& operator=(const UsbContext&) = delete;

  libusb_context* get() const { return ctx_; }
  boost::asio::io_context& io() const { return io_; }

  // Re-reads libusb's next timeout when timeouts are not on a timerfd. Call after submitting a
  // transfer that has a timeout.
  void update_timeout();

  // For tests and diagnostics: how often libusb ran, how many fds it has us watch.
  std::uint64_t event_rounds() const { return event_rounds_; }
  std::size_t watched_fds() const { return watches_.size(); }
  // fds epoll cannot watch (regular files, as umockdev's emulated device nodes are): treated as
  // always ready, as poll() would, so libusb runs again after every round of other handlers.
  // Always 0 with real devices.
  int always_ready_fds() const { return always_ready_; }

 private:
  struct Watch;
  explicit UsbContext(boost::asio::io_context& io);
  void start();
  void add_fd(int fd, short events);
  void remove_fd(int fd);
  void arm(const std::shared_ptr<Watch>& watch, bool for_write);
  void handle_events();

  static void on_fd_added(int fd, short events, void* self);
  static void on_fd_removed(int fd, void* self);

  boost::asio::io_context& io_;
  libusb_context* ctx_ = nullptr;
  std::map<int, std::shared_ptr<Watch>> watches_;
  boost::asio::steady_timer timer_;
  bool timeouts_on_fd_ = false;
  int always_ready_ = 0;
  bool round_posted_ = false;
  std::uint64_t event_rounds_ = 0;
};

}  // namespace insole::link

#endif  // INSOLE_LINK_USB_CONTEXT_H_
