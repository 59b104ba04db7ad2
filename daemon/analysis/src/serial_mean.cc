#include "insole/analysis/serial_mean.h"

#include <algorithm>

namespace insole::analysis {

SerialMean serial_mean(std::span<const double> v) {
  SerialMean m;
  const double n = static_cast<double>(v.size());
  for (double x : v) m.mean += x;
  m.mean /= n;
  double ss = 0, lag1 = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    ss += (v[i] - m.mean) * (v[i] - m.mean);
    if (i + 1 < v.size()) lag1 += (v[i] - m.mean) * (v[i + 1] - m.mean);
  }
  const double r = ss > 0 ? std::clamp(lag1 / ss, 0.0, 0.9) : 0.0;
  m.effective_n = std::max(2.0, n * (1 - r) / (1 + r));
  m.var_of_mean = ss / (n - 1) / m.effective_n;
  return m;
}

}  // namespace insole::analysis
