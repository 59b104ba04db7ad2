#include "insole/store/uuid.h"

#include <sys/random.h>

#include <chrono>
#include <cstdio>
#include <mutex>

namespace insole::store {

std::string uuid_v7(std::uint64_t unix_ms, std::uint16_t counter12, std::uint64_t random62) {
  const std::uint64_t hi = (unix_ms & 0xFFFFFFFFFFFFull) << 16 | 0x7000u | (counter12 & 0xFFFu);
  const std::uint64_t lo = 0x8000000000000000ull | (random62 & 0x3FFFFFFFFFFFFFFFull);
  char text[37];
  std::snprintf(
      text, sizeof text, "%08llx-%04llx-%04llx-%04llx-%012llx",
      static_cast<unsigned long long>(hi >> 32), static_cast<unsigned long long>(hi >> 16 & 0xFFFF),
      static_cast<unsigned long long>(hi & 0xFFFF), static_cast<unsigned long long>(lo >> 48),
      static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFull));
  return text;
}

std::string new_uuid_v7() {
  static std::mutex mutex;
  static std::uint64_t last_ms = 0;
  static std::uint16_t counter = 0;
  std::uint64_t random[2] = {0, 0};
  if (getrandom(random, sizeof random, 0) != static_cast<ssize_t>(sizeof random)) {
    // getrandom only fails before the kernel's pool is seeded at boot; mix in the clock.
    random[0] ^=
        static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  }
  const auto now_ms =
      static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                     std::chrono::system_clock::now().time_since_epoch())
                                     .count());
  std::lock_guard lock(mutex);
  if (now_ms > last_ms) {
    last_ms = now_ms;
    counter = static_cast<std::uint16_t>(random[1] & 0x7FF);  // room to count up
  } else if (++counter > 0xFFF) {
    ++last_ms;  // 2,048+ ids in one millisecond: borrow the next one
    counter = 0;
  }
  return uuid_v7(last_ms, counter, random[0]);
}

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
      return false;
    }
  }
  return true;
}

}  // namespace insole::store
