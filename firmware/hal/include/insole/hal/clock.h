// HAL: the device's monotonic microsecond clock (timer-driven on hardware).
#ifndef INSOLE_HAL_CLOCK_H_
#define INSOLE_HAL_CLOCK_H_

#include <stdint.h>

namespace insole::hal {

class Clock {
 public:
  // Microseconds since boot; never goes backwards.
  virtual uint64_t now_us() const = 0;

 protected:
  ~Clock() = default;
};

}  // namespace insole::hal

#endif  // INSOLE_HAL_CLOCK_H_
