// Ordinary files as the byte source (scan file) and byte sink (framed output) of the host
// build's deterministic run.
#ifndef INSOLE_FW_BOARDS_HOST_REPLAY_FILES_H_
#define INSOLE_FW_BOARDS_HOST_REPLAY_FILES_H_

#include <cstdio>
#include <string>

#include "insole/replay/byte_sink.h"
#include "insole/replay/byte_source.h"

namespace insole::fw::host {

// Both throw std::runtime_error naming the file if it cannot be opened.
class InputFile final : public replay::ByteSource {
 public:
  explicit InputFile(const std::string& path);
  ~InputFile();
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  size_t read(uint8_t* out, size_t n) override;
  long size() const { return size_; }

 private:
  std::FILE* file_;
  long size_ = 0;
};

class OutputFile final : public replay::ByteSink {
 public:
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  bool write(const uint8_t* data, size_t n) override;
  // Flushes and closes; false on an I/O error.
  bool close();

 private:
  std::FILE* file_;
};

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_REPLAY_FILES_H_
