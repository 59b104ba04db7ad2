#include "insole/link/usb_context.h"

#include <libusb.h>
#include <poll.h>

#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/post.hpp>
#include <cstdio>
#include <mutex>

#include "insole/link/link.h"

namespace insole::link {

namespace asio = boost::asio;

struct UsbContext::Watch {
  Watch(asio::io_context& io, int fd_in, short events_in)
      : fd(fd_in), events(events_in), descriptor(io, fd_in) {}
  int fd;
  short events;
  asio::posix::stream_descriptor descriptor;  // released (never closed) on removal: libusb owns fd
  bool waiting_read = false;
  bool waiting_write = false;
  bool removed = false;
  bool failed = false;
  bool always_ready = false;  // an fd epoll cannot watch (a regular file): see handle_events
};

std::shared_ptr<UsbContext> UsbContext::for_io(asio::io_context& io) {
  static std::mutex mutex;
  static std::map<asio::io_context*, std::weak_ptr<UsbContext>> contexts;
  const std::lock_guard<std::mutex> lock(mutex);
  std::erase_if(contexts, [](const auto& entry) { return entry.second.expired(); });
  auto& slot = contexts[&io];
  if (auto existing = slot.lock()) return existing;
  std::shared_ptr<UsbContext> context(new UsbContext(io));
  context->start();
  slot = context;
  return context;
}

UsbContext::UsbContext(asio::io_context& io) : io_(io), timer_(io) {
  const int r = libusb_init(&ctx_);
  if (r != 0) {
    ctx_ = nullptr;
    throw LinkError(std::string("cannot start libusb: ") + libusb_strerror(r));
  }
}

void UsbContext::start() {
  libusb_set_pollfd_notifiers(ctx_, &UsbContext::on_fd_added, &UsbContext::on_fd_removed, this);
  if (const libusb_pollfd** fds = libusb_get_pollfds(ctx_)) {
    for (const libusb_pollfd** p = fds; *p != nullptr; ++p) add_fd((*p)->fd, (*p)->events);
    libusb_free_pollfds(fds);
  }
  timeouts_on_fd_ = libusb_pollfds_handle_timeouts(ctx_) != 0;
  update_timeout();
}

UsbContext::~UsbContext() {
  timer_.cancel();
  if (ctx_ == nullptr) return;
  libusb_set_pollfd_notifiers(ctx_, nullptr, nullptr, nullptr);
  for (auto& [fd, watch] : watches_) {
    watch->removed = true;
    watch->descriptor.release();  // cancels the waits; libusb closes its own fds
  }
  watches_.clear();
  libusb_exit(ctx_);
}

void UsbContext::on_fd_added(int fd, short events, void* self) {
  static_cast<UsbContext*>(self)->add_fd(fd, events);
}

void UsbContext::on_fd_removed(int fd, void* self) {
  static_cast<UsbContext*>(self)->remove_fd(fd);
}

void UsbContext::add_fd(int fd, short events) {
  auto it = watches_.find(fd);
  if (it != watches_.end()) {
    it->second->events = events;  // the same fd with other events: wait for those too
  } else {
    it = watches_.emplace(fd, std::make_shared<Watch>(io_, fd, events)).first;
  }
  const auto watch = it->second;
  if ((events & POLLIN) != 0) arm(watch, false);
  if ((events & POLLOUT) != 0) arm(watch, true);
}

void UsbContext::remove_fd(int fd) {
  const auto it = watches_.find(fd);
  if (it == watches_.end()) return;
  it->second->removed = true;
  if (it->second->always_ready) --always_ready_;
  it->second->descriptor.release();
  watches_.erase(it);
}

void UsbContext::arm(const std::shared_ptr<Watch>& watch, bool for_write) {
  bool& waiting = for_write ? watch->waiting_write : watch->waiting_read;
  if (watch->removed || waiting) return;
  waiting = true;
  // (Asio sets the fd non-blocking (FIONBIO) before waiting: harmless, libusb's eventfd and
  // timerfd are non-blocking already and usbfs ioctls ignore the flag.)
  watch->descriptor.async_wait(
      for_write ? asio::posix::stream_descriptor::wait_write
                : asio::posix::stream_descriptor::wait_read,
      [self = weak_from_this(), watch, for_write](const boost::system::error_code& ec) {
        (for_write ? watch->waiting_write : watch->waiting_read) = false;
        const auto context = self.lock();
        if (!context || watch->removed || ec == asio::error::operation_aborted) return;
        if (ec == asio::error::operation_not_supported) {
          // epoll refused the fd (EPERM): it is a regular file, which poll() reports ready at all
          // times. Never the case for real usbfs, eventfd or timerfd fds; it is how umockdev
          // emulates a device node. Treat it as poll() would: always ready (see handle_events).
          if (!watch->always_ready) {
            watch->always_ready = true;
            ++context->always_ready_;
          }
          context->handle_events();
          return;
        }
        context->handle_events();
        if (ec) {
          // Not expected (epoll reports fd errors as readiness; Asio's FIONBIO works on any
          // fd): say so once rather than spin by waiting again.
          if (!watch->failed)
            std::fprintf(stderr, "usb: cannot wait on libusb's fd %d: %s\n", watch->fd,
                         ec.message().c_str());
          watch->failed = true;
          return;
        }
        // The fd may have gone (device closed or unplugged) while libusb handled events.
        if (!watch->removed && (watch->events & (for_write ? POLLOUT : POLLIN)) != 0)
          context->arm(watch, for_write);
      });
}

void UsbContext::handle_events() {
  timeval zero{0, 0};
  libusb_handle_events_timeout_completed(ctx_, &zero, nullptr);
  ++event_rounds_;
  update_timeout();
  // An always-ready fd (only under emulation, see arm()) gets another round after the handlers
  // already queued: what libusb's own poll() loop would do with it, without starving the rest.
  if (always_ready_ > 0 && !round_posted_) {
    round_posted_ = true;
    asio::post(io_, [self = weak_from_this()] {
      if (const auto context = self.lock()) {
        context->round_posted_ = false;
        context->handle_events();
      }
    });
  }
}

void UsbContext::update_timeout() {
  if (timeouts_on_fd_) return;  // libusb's timerfd is among the watched fds
  timeval tv{};
  if (libusb_get_next_timeout(ctx_, &tv) != 1) {
    timer_.cancel();
    return;
  }
  timer_.expires_after(std::chrono::seconds(tv.tv_sec) + std::chrono::microseconds(tv.tv_usec));
  timer_.async_wait([self = weak_from_this()](const boost::system::error_code& ec) {
    if (ec) return;
    if (const auto context = self.lock()) context->handle_events();
  });
}

}  // namespace insole::link
