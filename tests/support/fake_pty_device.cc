#include "fake_pty_device.h"

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

#include "insole/wire/frame.h"

namespace insole::testing {
namespace {

void make_raw(int fd) {
  termios tio{};
  if (tcgetattr(fd, &tio) != 0) throw std::runtime_error("tcgetattr");
  cfmakeraw(&tio);
  if (tcsetattr(fd, TCSANOW, &tio) != 0) throw std::runtime_error("tcsetattr");
}

void write_all(int fd, const std::uint8_t* data, size_t n) {
  while (n > 0) {
    const ssize_t w = write(fd, data, n);
    if (w <= 0) {
      pollfd p{fd, POLLOUT, 0};
      poll(&p, 1, 50);
      continue;
    }
    data += w;
    n -= static_cast<size_t>(w);
  }
}

}  // namespace

Pty::Pty() {
  master_ = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (master_ < 0 || grantpt(master_) != 0 || unlockpt(master_) != 0)
    throw std::runtime_error("pty");
  slave_path_ = ptsname(master_);
  keepalive_ = open(slave_path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (keepalive_ < 0) throw std::runtime_error("open pty slave");
  // Children (insoled, firmware) must not inherit our end: a copy would keep the pty from ever
  // hanging up when the test closes it.
  fcntl(master_, F_SETFD, FD_CLOEXEC);
  make_raw(keepalive_);
}

Pty::~Pty() {
  close(keepalive_);
  close(master_);
}

FakePtyDevice::FakePtyDevice(Handler handler)
    : handler_(std::move(handler)), thread_([this] { loop(); }) {}

FakePtyDevice::~FakePtyDevice() {
  stop_ = true;
  thread_.join();
}

void FakePtyDevice::loop() {
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder;
  while (!stop_) {
    pollfd p{pty_.master(), POLLIN, 0};
    if (poll(&p, 1, 20) <= 0) continue;
    std::uint8_t buf[512];
    const ssize_t n = read(pty_.master(), buf, sizeof(buf));
    for (ssize_t i = 0; i < n; ++i) {
      if (decoder.push(buf[i]) != wire::DecodeResult::kFrame) continue;
      insole::v1::Command command;
      if (!command.ParseFromArray(decoder.payload(), static_cast<int>(decoder.payload_size())))
        continue;
      ++commands_;
      for (auto& reply : handler_(command)) {
        reply.set_in_reply_to(command.request_id());
        const std::string payload = reply.SerializeAsString();
        std::vector<std::uint8_t> out(wire::encoded_size_max(payload.size()));
        const size_t len =
            wire::encode_frame(1, reinterpret_cast<const std::uint8_t*>(payload.data()),
                               payload.size(), out.data(), out.size());
        write_all(pty_.master(), out.data(), len);
      }
    }
  }
}

CorruptingRelay::CorruptingRelay(const std::string& device_path, int corrupt_every_nth_byte)
    : every_(corrupt_every_nth_byte) {
  device_fd_ = open(device_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (device_fd_ < 0) throw std::runtime_error("open " + device_path);
  make_raw(device_fd_);
  thread_ = std::thread([this] { loop(); });
}

CorruptingRelay::~CorruptingRelay() {
  stop_ = true;
  thread_.join();
  close(device_fd_);
}

void CorruptingRelay::loop() {
  std::uint64_t count = 0;
  while (!stop_) {
    pollfd p[2] = {{device_fd_, POLLIN, 0}, {pty_.master(), POLLIN, 0}};
    if (poll(p, 2, 20) <= 0) continue;
    std::uint8_t buf[4096];
    if (p[0].revents & POLLIN) {
      const ssize_t n = read(device_fd_, buf, sizeof(buf));
      for (ssize_t i = 0; i < n; ++i) {
        if (++count % static_cast<std::uint64_t>(every_) == 0) {
          buf[i] ^= 0x10;
          ++corrupted_;
        }
      }
      if (n > 0) write_all(pty_.master(), buf, static_cast<size_t>(n));
    }
    if (p[1].revents & POLLIN) {
      const ssize_t n = read(pty_.master(), buf, sizeof(buf));
      if (n > 0) write_all(device_fd_, buf, static_cast<size_t>(n));
    }
  }
}

UnplugRelay::UnplugRelay(const std::string& device_path, std::string link_path)
    : link_path_(std::move(link_path)) {
  device_fd_ = open(device_path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (device_fd_ < 0) throw std::runtime_error("open " + device_path);
  make_raw(device_fd_);
  replug();
  thread_ = std::thread([this] { loop(); });
}

UnplugRelay::~UnplugRelay() {
  stop_ = true;
  thread_.join();
  unplug();
  close(device_fd_);
}

void UnplugRelay::unplug() {
  std::lock_guard<std::mutex> lock(mutex_);
  unlink(link_path_.c_str());
  pty_.reset();  // the daemon's end of the pty hangs up
}

void UnplugRelay::replug() {
  std::lock_guard<std::mutex> lock(mutex_);
  pty_ = std::make_unique<Pty>();
  // Non-blocking: like a USB endpoint nobody polls, what the daemon does not take is lost.
  fcntl(pty_->master(), F_SETFL, fcntl(pty_->master(), F_GETFL) | O_NONBLOCK);
  const std::string tmp = link_path_ + ".new";
  unlink(tmp.c_str());
  if (symlink(pty_->slave_path().c_str(), tmp.c_str()) != 0 ||
      rename(tmp.c_str(), link_path_.c_str()) != 0)
    throw std::runtime_error("cannot link " + link_path_);
}

// Plugged in, the relay passes on only what the daemon's side takes and reads more from the
// insole only when that is gone, so a busy daemon slows the insole down (its writes fail and it
// keeps the frames in its journal), as a USB endpoint that NAKs does. Unplugged, everything
// the insole sends is lost.
void UnplugRelay::loop() {
  std::vector<std::uint8_t> pending;
  std::uint8_t buf[4096];
  while (!stop_) {
    int master = -1;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (pty_) master = pty_->master();
    }
    const bool want_device = master < 0 || pending.empty();
    pollfd p[2] = {{want_device ? device_fd_ : -1, POLLIN, 0},
                   {master, static_cast<short>(POLLIN | (pending.empty() ? 0 : POLLOUT)), 0}};
    if (poll(p, 2, 20) <= 0) continue;
    std::lock_guard<std::mutex> lock(mutex_);
    if ((pty_ ? pty_->master() : -1) != master) {  // unplugged or replugged meanwhile
      dropped_ += pending.size();
      pending.clear();
      continue;
    }
    if (p[0].revents & POLLIN) {
      const ssize_t n = read(device_fd_, buf, sizeof(buf));
      if (n > 0 && master < 0) dropped_ += static_cast<std::uint64_t>(n);
      if (n > 0 && master >= 0) pending.insert(pending.end(), buf, buf + n);
    }
    if (master >= 0 && !pending.empty()) {
      const ssize_t w = write(master, pending.data(), pending.size());
      if (w > 0) pending.erase(pending.begin(), pending.begin() + w);
    }
    if (master >= 0 && (p[1].revents & POLLIN)) {
      const ssize_t n = read(master, buf, sizeof(buf));
      if (n > 0) write_all(device_fd_, buf, static_cast<size_t>(n));
    }
  }
}

}  // namespace insole::testing
