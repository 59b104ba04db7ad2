// Where a deterministic run reads its scan file from: a file through semihosting on the
// emulated board, an ordinary file on the host build, or a generator built into the image.
#ifndef INSOLE_REPLAY_BYTE_SOURCE_H_
#define INSOLE_REPLAY_BYTE_SOURCE_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::replay {

class ByteSource {
 public:
  // Reads the next n bytes into out; returns how many were read, fewer than n only at the end
  // of the data or on an error.
  virtual size_t read(uint8_t* out, size_t n) = 0;

 protected:
  ~ByteSource() = default;
};

}  // namespace insole::replay

#endif  // INSOLE_REPLAY_BYTE_SOURCE_H_
