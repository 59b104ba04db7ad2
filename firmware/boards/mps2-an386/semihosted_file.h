// A file on the machine running QEMU, through semihosting, as the byte source (scan file) or
// byte sink (framed output) of a deterministic run.
#ifndef INSOLE_FW_BOARDS_MPS2_SEMIHOSTED_FILE_H_
#define INSOLE_FW_BOARDS_MPS2_SEMIHOSTED_FILE_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/replay/byte_sink.h"
#include "insole/replay/byte_source.h"
#include "semihosting.h"

namespace insole::fw::mps2 {

class SemihostedFile final : public replay::ByteSource, public replay::ByteSink {
 public:
  bool open(const char* name, semihosting::Mode mode) {
    handle_ = semihosting::open(name, mode);
    return handle_ >= 0;
  }
  size_t read(uint8_t* out, size_t n) override { return semihosting::read(handle_, out, n); }
  bool write(const uint8_t* data, size_t n) override {
    return semihosting::write(handle_, data, n);
  }
  int32_t length() const { return semihosting::length(handle_); }
  bool close() { return semihosting::close(handle_); }

 private:
  int32_t handle_ = -1;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_SEMIHOSTED_FILE_H_
