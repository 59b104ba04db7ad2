#include "time_text.h"

#include <cmath>
#include <ctime>

#include "insole/store/iso_time.h"

namespace insole::ctl {

std::string local_time(const std::string& iso_utc) {
  if (iso_utc.empty()) return "-";
  const auto unix_s = store::parse_iso_utc(iso_utc);
  if (!unix_s) return iso_utc;
  // The table shows whole seconds: the fraction is dropped.
  const std::time_t t = static_cast<std::time_t>(std::floor(*unix_s));
  tzset();
  std::tm local{};
  if (!localtime_r(&t, &local)) return iso_utc;
  char buf[64];
  if (std::strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S %Z", &local) == 0) return iso_utc;
  return buf;
}

}  // namespace insole::ctl
