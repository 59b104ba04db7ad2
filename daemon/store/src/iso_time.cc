#include "insole/store/iso_time.h"

#include <cstdio>
#include <ctime>

namespace insole::store {

std::string iso_utc(std::int64_t unix_ms) {
  // Floor division, so a time before 1970 still has a millisecond part in 0..999.
  std::int64_t secs = unix_ms / 1000, ms = unix_ms % 1000;
  if (ms < 0) {
    ms += 1000;
    secs -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[80];
  std::snprintf(text, sizeof(text), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(ms));
  return text;
}

std::string iso_utc(std::chrono::system_clock::time_point t) {
  return iso_utc(
      std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count());
}

std::string iso_utc_now() { return iso_utc(std::chrono::system_clock::now()); }

std::optional<double> parse_iso_utc(const std::string& text) {
  std::tm t{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &t.tm_year, &t.tm_mon, &t.tm_mday,
                  &t.tm_hour, &t.tm_min, &t.tm_sec, &consumed) != 6)
    return std::nullopt;
  std::size_t at = static_cast<std::size_t>(consumed);
  double fraction = 0, scale = 0.1;
  if (at < text.size() && text[at] == '.') {
    ++at;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, scale /= 10)
      fraction += (text[at] - '0') * scale;
  }
  if (at + 1 != text.size() || text[at] != 'Z') return std::nullopt;
  t.tm_year -= 1900;
  t.tm_mon -= 1;
  const std::time_t s = timegm(&t);
  if (s == static_cast<std::time_t>(-1)) return std::nullopt;
  return static_cast<double>(s) + fraction;
}

}  // namespace insole::store
