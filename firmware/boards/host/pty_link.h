// hal::ByteLink over the master side of a pseudo-terminal: the daemon opens the slave path as
// if it were a USB CDC serial port. Frames the host is not reading wait in a bounded queue;
// a frame that does not fit is refused whole, never cut.
#ifndef INSOLE_FW_BOARDS_HOST_PTY_LINK_H_
#define INSOLE_FW_BOARDS_HOST_PTY_LINK_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "insole/hal/byte_link.h"

namespace insole::fw::host {

class PtyLink final : public hal::ByteLink {
 public:
  // Opens a raw pty pair; throws std::system_error on failure.
  PtyLink();
  ~PtyLink();
  PtyLink(const PtyLink&) = delete;
  PtyLink& operator=(const PtyLink&) = delete;

  const std::string& slave_path() const { return slave_path_; }
  int fd() const { return master_; }
  bool has_pending_output() const { return !pending_.empty(); }
  // Writes as much queued output as the pty takes now.
  void flush();

  size_t read(uint8_t* buf, size_t capacity) override;
  bool write(const uint8_t* data, size_t n) override;

 private:
  static constexpr size_t kMaxPending = 64 * 1024;
  int master_ = -1;
  int slave_keepalive_ = -1;  // keeps the pty up while no host has it open
  std::string slave_path_;
  std::vector<uint8_t> pending_;
};

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_PTY_LINK_H_
