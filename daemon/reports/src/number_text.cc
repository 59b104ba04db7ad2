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

}  // namespace insole::reports
