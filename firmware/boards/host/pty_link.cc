#include "pty_link.h"

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <system_error>

namespace insole::fw::host {
namespace {
[[noreturn]] void fail(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}
}  // namespace

PtyLink::PtyLink() {
  master_ = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (master_ < 0) fail("posix_openpt");
  if (grantpt(master_) != 0 || unlockpt(master_) != 0) fail("grantpt/unlockpt");
  const char* name = ptsname(master_);
  if (name == nullptr) fail("ptsname");
  slave_path_ = name;
  slave_keepalive_ = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (slave_keepalive_ < 0) fail("open pty slave");
  // Raw both ways: a cooked line discipline would rewrite 0x0a/0x0d and eat control bytes.
  termios tio{};
  if (tcgetattr(slave_keepalive_, &tio) != 0) fail("tcgetattr");
  cfmakeraw(&tio);
  if (tcsetattr(slave_keepalive_, TCSANOW, &tio) != 0) fail("tcsetattr");
}

PtyLink::~PtyLink() {
  if (slave_keepalive_ >= 0) close(slave_keepalive_);
  if (master_ >= 0) close(master_);
}

size_t PtyLink::read(uint8_t* buf, size_t capacity) {
  const ssize_t n = ::read(master_, buf, capacity);
  return n > 0 ? static_cast<size_t>(n) : 0;
}

void PtyLink::flush() {
  while (!pending_.empty()) {
    const ssize_t n = ::write(master_, pending_.data(), pending_.size());
    if (n <= 0) return;  // EAGAIN: the host is not reading; try again later
    pending_.erase(pending_.begin(), pending_.begin() + n);
  }
}

bool PtyLink::write(const uint8_t* data, size_t n) {
  flush();
  if (pending_.empty()) {
    const ssize_t w = ::write(master_, data, n);
    const size_t written = w > 0 ? static_cast<size_t>(w) : 0;
    if (written == n) return true;
    pending_.insert(pending_.end(), data + written, data + n);  // finish this frame later
    return true;
  }
  if (pending_.size() + n > kMaxPending) return false;
  pending_.insert(pending_.end(), data, data + n);
  return true;
}

}  // namespace insole::fw::host
