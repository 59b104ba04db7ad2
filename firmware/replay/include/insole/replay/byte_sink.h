// Where a deterministic run writes the device's framed output: a file through semihosting on
// the emulated board, an ordinary file on the host build, or nowhere (a budget run counts).
#ifndef INSOLE_REPLAY_BYTE_SINK_H_
#define INSOLE_REPLAY_BYTE_SINK_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::replay {

class ByteSink {
 public:
  // Writes all n bytes; false on an I/O error.
  virtual bool write(const uint8_t* data, size_t n) = 0;

 protected:
  ~ByteSink() = default;
};

}  // namespace insole::replay

#endif  // INSOLE_REPLAY_BYTE_SINK_H_
