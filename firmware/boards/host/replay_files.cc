#include "replay_files.h"

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace insole::fw::host {

InputFile::InputFile(const std::string& path) : file_(std::fopen(path.c_str(), "rb")) {
  if (file_ == nullptr) {
    throw std::runtime_error("cannot open scan file " + path + ": " + std::strerror(errno));
  }
  if (std::fseek(file_, 0, SEEK_END) == 0) size_ = std::ftell(file_);
  std::rewind(file_);
}

InputFile::~InputFile() { std::fclose(file_); }

size_t InputFile::read(uint8_t* out, size_t n) { return std::fread(out, 1, n, file_); }

OutputFile::OutputFile(const std::string& path) : file_(std::fopen(path.c_str(), "wb")) {
  if (file_ == nullptr) {
    throw std::runtime_error("cannot create output file " + path + ": " + std::strerror(errno));
  }
}

OutputFile::~OutputFile() {
  if (file_ != nullptr) std::fclose(file_);
}

bool OutputFile::write(const uint8_t* data, size_t n) {
  return file_ != nullptr && std::fwrite(data, 1, n, file_) == n;
}

bool OutputFile::close() {
  if (file_ == nullptr) return false;
  const bool ok = std::fflush(file_) == 0 && std::ferror(file_) == 0;
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  return ok && closed;
}

}  // namespace insole::fw::host
