// What the fuzz targets share: a failed property aborts with a message (libFuzzer then saves the
// input as a crash), and readers that only take a path get the input through an in-memory file.
#ifndef INSOLE_TESTS_FUZZ_FUZZ_SUPPORT_H_
#define INSOLE_TESTS_FUZZ_FUZZ_SUPPORT_H_

#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace insole::fuzz {

// A property every input must keep; its violation is a finding like a sanitizer report.
inline void check(bool ok, std::string_view what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz property violated: %.*s\n", static_cast<int>(what.size()),
               what.data());
  std::abort();
}

inline bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The input as a file that exists only in memory (memfd_create), for path-only readers. path()
// is /proc/self/fd/N; the file goes away with the object.
class MemoryFile {
 public:
  MemoryFile(const std::uint8_t* data, std::size_t size) {
    fd_ = memfd_create("insole-fuzz", MFD_CLOEXEC);
    check(fd_ >= 0, "memfd_create failed");
    std::size_t written = 0;
    while (written < size) {
      const ssize_t n = ::write(fd_, data + written, size - written);
      check(n > 0, "writing the memfd failed");
      written += static_cast<std::size_t>(n);
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  ~MemoryFile() { ::close(fd_); }
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;

  const std::string& path() const { return path_; }

 private:
  int fd_ = -1;
  std::string path_;
};

}  // namespace insole::fuzz

#endif  // INSOLE_TESTS_FUZZ_FUZZ_SUPPORT_H_
