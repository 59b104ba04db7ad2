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
  keepalive_ = open(slave_path_.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (keepalive_ < 0) throw std::runtime_error("open pty slave");
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

}  // namespace insole::testing
