// HAL fakes for tests of the firmware core: a matrix with settable counts, a link that records
// what the device wrote (or refuses it), and a clock the test moves.
#ifndef INSOLE_TESTS_UNIT_FIRMWARE_DEVICE_FAKES_H_
#define INSOLE_TESTS_UNIT_FIRMWARE_DEVICE_FAKES_H_

#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

#include "insole/hal/byte_link.h"
#include "insole/hal/clock.h"
#include "insole/hal/sensel_matrix.h"

namespace insole::fw::testing {

class FakeMatrix final : public hal::SenselMatrix {
 public:
  explicit FakeMatrix(size_t n) : values(n, 100) {}
  size_t sensel_count() const override { return values.size(); }
  void scan(uint64_t, uint16_t* counts) override {
    for (size_t i = 0; i < values.size(); ++i) counts[i] = values[i];
    ++scans;
  }
  std::vector<uint16_t> values;
  int scans = 0;
};

class FakeLink final : public hal::ByteLink {
 public:
  size_t read(uint8_t* buf, size_t capacity) override {
    size_t n = 0;
    while (n < capacity && !rx.empty()) {
      buf[n++] = rx.front();
      rx.pop_front();
    }
    return n;
  }
  bool write(const uint8_t* data, size_t n) override {
    if (refuse) return false;
    tx.insert(tx.end(), data, data + n);
    return true;
  }
  std::deque<uint8_t> rx;
  std::vector<uint8_t> tx;
  bool refuse = false;
};

class FakeClock final : public hal::Clock {
 public:
  uint64_t now_us() const override { return now; }
  uint64_t now = 0;
};

}  // namespace insole::fw::testing

#endif  // INSOLE_TESTS_UNIT_FIRMWARE_DEVICE_FAKES_H_
