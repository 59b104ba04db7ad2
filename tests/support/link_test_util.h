// Helpers for the link tests: run the io_context until something happened (never a fixed
// sleep), and a reader that keeps a read pending and notes when each byte arrived.
#ifndef INSOLE_TESTS_UNIT_LINK_LINK_TEST_UTIL_H_
#define INSOLE_TESTS_UNIT_LINK_LINK_TEST_UTIL_H_

#include <array>
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "insole/link/link.h"

namespace insole::testing {

// Runs io's handlers until done() holds or timeout passes; returns done().
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    if (io.stopped()) io.restart();
    io.run_one_until(deadline);
  }
  return true;
}

// Keeps one async_read_some pending on a link until it fails; collects the bytes.
class LinkReader {
 public:
  using Clock = std::chrono::steady_clock;
  explicit LinkReader(link::Link& link) : link_(link) {}
  void start() {
    link_.async_read_some(boost::asio::buffer(buffer_), [this](const boost::system::error_code& ec,
                                                               std::size_t n) {
      if (ec) {
        error = ec;
        finished = true;
        return;
      }
      data.insert(data.end(), buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(n));
      arrivals.emplace_back(Clock::now(), data.size());
      stamps.push_back(link_.last_read_arrival());
      ++reads;
      start();
    });
  }
  std::vector<std::uint8_t> data;
  std::vector<std::pair<Clock::time_point, std::size_t>> arrivals;  // (when, bytes so far)
  std::vector<Clock::time_point> stamps;  // the link's last_read_arrival() after each read
  boost::system::error_code error;
  bool finished = false;
  int reads = 0;

 private:
  link::Link& link_;
  std::array<std::uint8_t, 4096> buffer_{};
};

inline std::vector<std::uint8_t> pattern(std::size_t n, std::uint8_t seed) {
  std::vector<std::uint8_t> out(n);
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(seed + i * 7 + i / 251);
  return out;
}

}  // namespace insole::testing

#endif  // INSOLE_TESTS_UNIT_LINK_LINK_TEST_UTIL_H_
