// HAL: the byte link to the host (USB bulk endpoints, a UART, or a pty on the host build).
// Both calls are non-blocking: the core polls read() and hands whole encoded frames to write().
#ifndef INSOLE_HAL_BYTE_LINK_H_
#define INSOLE_HAL_BYTE_LINK_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::hal {

class ByteLink {
 public:
  // Copies up to capacity received bytes into buf; returns how many (0 when none waiting).
  virtual size_t read(uint8_t* buf, size_t capacity) = 0;
  // Queues all n bytes for transmission, or none of them: returns false when the link cannot
  // take the whole frame now (host not reading, buffer full); the caller counts the drop.
  virtual bool write(const uint8_t* data, size_t n) = 0;

 protected:
  ~ByteLink() = default;
};

}  // namespace insole::hal

#endif  // INSOLE_HAL_BYTE_LINK_H_
