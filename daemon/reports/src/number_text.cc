#include "insole/reports/number_text.h"

#include <cmath>
#include <cstdio>

namespace insole::reports {

std::string fixed(double v, int decimals) {
  if (!std::isfinite(v)) return "-";
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string pace_text(double speed_mps) {
  if (!(speed_mps > 0)) return "-";
  const long s = std::lround(1000.0 / speed_mps);
  char buf[48];
  std::snprintf(buf, sizeof(buf), "%ld:%02ld /km", s / 60, s % 60);
  return buf;
}

}  // namespace insole::reports
