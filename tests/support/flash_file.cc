#include "flash_file.h"

#include <fstream>
#include <iterator>

namespace insole::testing {

std::uint32_t offline_records(const std::string& flash_path) {
  std::ifstream in(flash_path, std::ios::binary);
  const std::vector<unsigned char> f((std::istreambuf_iterator<char>(in)), {});
  constexpr std::size_t kHeader = 4096;
  if (f.size() < 2 * kHeader || f[kHeader] != 'I' || f[kHeader + 1] != 'N' || f[kHeader + 34] != 1)
    return 0;
  const std::size_t record = f[kHeader + 6] | f[kHeader + 7] << 8;
  std::uint32_t n = 0;
  while (kHeader + 64 + (n + 1) * record <= f.size() && f[kHeader + 64 + n * record + 7] == 0) ++n;
  return n;
}

std::vector<FlashRecording> offline_recordings(const std::string& flash_path) {
  std::ifstream in(flash_path, std::ios::binary);
  const std::vector<unsigned char> f((std::istreambuf_iterator<char>(in)), {});
  constexpr std::size_t kSector = 4096;
  auto u32 = [&f](std::size_t at) {
    return static_cast<std::uint32_t>(f[at] | f[at + 1] << 8 | f[at + 2] << 16) |
           static_cast<std::uint32_t>(f[at + 3]) << 24;
  };
  std::vector<FlashRecording> out;
  for (std::size_t s = kSector; s + kSector <= f.size(); s += kSector) {
    if (f[s] != 'I' || f[s + 1] != 'N' || f[s + 2] != 'S' || f[s + 3] != 'R' || f[s + 34] != 1)
      continue;
    FlashRecording r;
    r.boot = u32(s + 12);
    r.rate_hz = u32(s + 28);
    r.closed = u32(s + 48) != 0xffffffffu;
    const std::size_t record = f[s + 6] | f[s + 7] << 8;
    // Records run on across sectors; counting stops at the end of the file (a recording that
    // wrapped round the log, as the full-flash test's does, counts only its first part).
    while (s + 64 + (r.records + 1) * record <= f.size() && f[s + 64 + r.records * record + 7] == 0)
      ++r.records;
    out.push_back(r);
  }
  return out;
}

}  // namespace insole::testing
