#include "time_text.h"

#include <cstdio>
#include <ctime>

namespace insole::ctl {

std::string local_time(const std::string& iso_utc) {
  if (iso_utc.empty()) return "-";
  std::tm utc{};
  char zulu = 0;
  int consumed = 0;
  // Seconds may carry a fraction; it is dropped (the table shows whole seconds).
  if (std::sscanf(iso_utc.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &utc.tm_year, &utc.tm_mon,
                  &utc.tm_mday, &utc.tm_hour, &utc.tm_min, &utc.tm_sec, &consumed) != 6) {
    return iso_utc;
  }
  std::size_t at = static_cast<std::size_t>(consumed);
  if (at < iso_utc.size() && iso_utc[at] == '.') {
    ++at;
    while (at < iso_utc.size() && iso_utc[at] >= '0' && iso_utc[at] <= '9') ++at;
  }
  if (at < iso_utc.size()) zulu = iso_utc[at];
  if (zulu != 'Z' || at + 1 != iso_utc.size()) return iso_utc;
  utc.tm_year -= 1900;
  utc.tm_mon -= 1;
  const std::time_t t = timegm(&utc);
  if (t == static_cast<std::time_t>(-1)) return iso_utc;
  tzset();
  std::tm local{};
  if (!localtime_r(&t, &local)) return iso_utc;
  char buf[64];
  if (std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &local) == 0) return iso_utc;
  return buf;
}

}  // namespace insole::ctl
