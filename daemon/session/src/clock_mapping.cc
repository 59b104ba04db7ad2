#include "insole/session/clock_mapping.h"

#include <cmath>

namespace insole::session {

void ClockMapping::reset() { *this = ClockMapping{}; }

void ClockMapping::observe(std::uint64_t device_us, std::int64_t host_us) {
  ++frames_;
  const double d = static_cast<double>(device_us);
  const double offset = static_cast<double>(host_us) - d;
  if (!have_any_ || offset < min_offset_) min_offset_ = offset;
  have_any_ = true;
  const auto window = static_cast<std::int64_t>(device_us) / kWindowUs;
  if (window != window_start_) {
    if (window_has_min_) {
      minima_.push_back(window_min_);
      if (minima_.size() > kWindows) minima_.pop_front();
      refit();
    }
    window_start_ = window;
    window_has_min_ = false;
  }
  if (!window_has_min_ || offset < window_min_.offset_us) window_min_ = {d, offset};
  window_has_min_ = true;
  if (minima_.size() < kMinWindows) {
    intercept_ = min_offset_;
    slope_ = 0;
  }
}

void ClockMapping::refit() {
  if (minima_.size() < kMinWindows) return;
  // Least squares around the means, for precision with µs values near 1e10.
  double md = 0, mo = 0;
  for (const Minimum& m : minima_) {
    md += m.device_us;
    mo += m.offset_us;
  }
  md /= static_cast<double>(minima_.size());
  mo /= static_cast<double>(minima_.size());
  double sdd = 0, sdo = 0;
  for (const Minimum& m : minima_) {
    sdd += (m.device_us - md) * (m.device_us - md);
    sdo += (m.device_us - md) * (m.offset_us - mo);
  }
  if (sdd <= 0) return;
  slope_ = sdo / sdd;
  intercept_ = mo - slope_ * md;
}

std::int64_t ClockMapping::offset_at(std::uint64_t device_us) const {
  return static_cast<std::int64_t>(
      std::llround(intercept_ + slope_ * static_cast<double>(device_us)));
}

std::int64_t ClockMapping::to_host(std::uint64_t device_us) {
  std::int64_t t = static_cast<std::int64_t>(device_us) + offset_at(device_us);
  if (have_out_ && t < last_out_) t = last_out_;  // a refit may move the line by a few µs
  last_out_ = t;
  have_out_ = true;
  return t;
}

}  // namespace insole::session
