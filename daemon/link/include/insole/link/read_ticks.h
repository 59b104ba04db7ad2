// The instants at which batched links read (pure): tick n is at n * tick plus a dither in
// [0, tick / 2) that depends on n alone, so every link computes the same instants and one
// wake-up serves all insoles. The dither keeps a frame's receive delay from locking to the
// tick's phase, so the least-delayed frames of a few seconds show the device-to-host clock
// offset (session/clock_mapping.h) to within tens of µs instead of up to a frame period.
#ifndef INSOLE_LINK_READ_TICKS_H_
#define INSOLE_LINK_READ_TICKS_H_

#include <chrono>
#include <cstdint>

namespace insole::link {

inline std::chrono::microseconds read_tick_instant(std::int64_t n, std::chrono::microseconds tick) {
  const std::uint64_t h = static_cast<std::uint64_t>(n) * 0x9e3779b97f4a7c15ull;
  return std::chrono::microseconds(n * tick.count() +
                                   static_cast<std::int64_t>((h >> 40) % (tick.count() / 2 + 1)));
}

// The first read instant after `now` (both on the same clock's epoch).
inline std::chrono::microseconds next_read_instant(std::chrono::microseconds now,
                                                   std::chrono::microseconds tick) {
  std::int64_t n = now / tick;
  while (read_tick_instant(n, tick) <= now) ++n;
  return read_tick_instant(n, tick);
}

}  // namespace insole::link

#endif  // INSOLE_LINK_READ_TICKS_H_
