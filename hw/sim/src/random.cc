#include "insole/hw/sim/random.h"

#include <cmath>
#include <limits>
#include <numbers>

namespace insole::hw::sim {

Rng::Rng(std::uint64_t seed) : engine_(seed) {}

std::uint64_t Rng::next_u64() { return engine_(); }

double Rng::uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

std::uint64_t Rng::uniform_int(std::uint64_t lo, std::uint64_t hi) {
  const std::uint64_t span = hi - lo;  // range size minus one
  if (span == std::numeric_limits<std::uint64_t>::max()) return next_u64();
  const std::uint64_t range = span + 1;
  // Largest multiple of range that fits in 2^64, minus one: accept raw values up to it.
  const std::uint64_t limit = std::numeric_limits<std::uint64_t>::max() -
                              (std::numeric_limits<std::uint64_t>::max() % range + 1) % range;
  std::uint64_t raw = next_u64();
  while (raw > limit) raw = next_u64();
  return lo + raw % range;
}

double Rng::normal() {
  if (has_spare_) {
    has_spare_ = false;
    return spare_;
  }
  const double u1 = uniform();
  const double u2 = uniform();
  const double r = std::sqrt(-2.0 * std::log(1.0 - u1));  // 1 - u1 is in (0, 1]: log is finite
  const double angle = 2.0 * std::numbers::pi * u2;
  spare_ = r * std::sin(angle);
  has_spare_ = true;
  return r * std::cos(angle);
}

}  // namespace insole::hw::sim
