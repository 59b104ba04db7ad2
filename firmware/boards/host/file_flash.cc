#include "file_flash.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <utility>
#include <vector>

namespace insole::fw::host {
namespace {

bool pwrite_all(int fd, const uint8_t* data, size_t n, off_t at) {
  while (n > 0) {
    const ssize_t k = ::pwrite(fd, data, n, at);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;
    data += k;
    n -= static_cast<size_t>(k);
    at += k;
  }
  return true;
}

bool pread_all(int fd, uint8_t* data, size_t n, off_t at) {
  while (n > 0) {
    const ssize_t k = ::pread(fd, data, n, at);
    if (k < 0 && errno == EINTR) continue;
    if (k <= 0) return false;  // 0: the file was cut short under us
    data += k;
    n -= static_cast<size_t>(k);
    at += k;
  }
  return true;
}

}  // namespace

FileFlash::FileFlash(std::string path, uint64_t size_bytes) : path_(std::move(path)) {
  if (size_bytes == 0 || size_bytes % kSectorBytes != 0 ||
      size_bytes / kSectorBytes > UINT32_MAX / kSectorBytes) {
    throw std::runtime_error("flash file " + path_ + ": size " + std::to_string(size_bytes) +
                             " is not a whole number of 4 KiB sectors below 4 GiB");
  }
  bool created = false;
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0 && errno == ENOENT) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    created = fd_ >= 0;
  }
  if (fd_ < 0) {
    throw std::runtime_error("cannot open flash file " + path_ + ": " + std::strerror(errno));
  }
  sectors_ = static_cast<uint32_t>(size_bytes / kSectorBytes);
  if (created) {
    const std::vector<uint8_t> erased(kSectorBytes, 0xFF);
    for (uint32_t s = 0; s < sectors_; ++s) {
      if (!pwrite_all(fd_, erased.data(), erased.size(), static_cast<off_t>(s) * kSectorBytes)) {
        const std::string why = std::strerror(errno);
        ::close(fd_);
        ::unlink(path_.c_str());
        throw std::runtime_error("cannot write flash file " + path_ + ": " + why);
      }
    }
    return;
  }
  struct stat st {};
  if (::fstat(fd_, &st) != 0 || static_cast<uint64_t>(st.st_size) != size_bytes) {
    const auto actual = static_cast<long long>(st.st_size);
    ::close(fd_);
    throw std::runtime_error("flash file " + path_ + " is " + std::to_string(actual) +
                             " bytes, expected " + std::to_string(size_bytes) +
                             " (a flash of another size, or a file cut short)");
  }
}

FileFlash::~FileFlash() {
  if (fd_ >= 0) ::close(fd_);
}

bool FileFlash::in_range(uint32_t address, size_t n) const {
  const uint64_t size = static_cast<uint64_t>(sectors_) * kSectorBytes;
  return address <= size && n <= size - address;
}

bool FileFlash::erase_sector(uint32_t sector) {
  if (sector >= sectors_) return false;
  const std::vector<uint8_t> erased(kSectorBytes, 0xFF);
  return pwrite_all(fd_, erased.data(), erased.size(), static_cast<off_t>(sector) * kSectorBytes);
}

bool FileFlash::program(uint32_t address, const uint8_t* data, size_t n) {
  if (!in_range(address, n)) return false;
  std::vector<uint8_t> cells(n);
  if (!pread_all(fd_, cells.data(), n, address)) return false;
  for (size_t i = 0; i < n; ++i) cells[i] &= data[i];  // NOR: bits only clear
  return pwrite_all(fd_, cells.data(), n, address);
}

bool FileFlash::read(uint32_t address, uint8_t* data, size_t n) {
  if (!in_range(address, n)) return false;
  return pread_all(fd_, data, n, address);
}

}  // namespace insole::fw::host
