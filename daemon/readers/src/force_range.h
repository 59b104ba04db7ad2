// The force range check shared by the recording readers (readers.h: kForceNoiseFloorN,
// kMaxSenselForceN).
#ifndef INSOLE_READERS_SRC_FORCE_RANGE_H_
#define INSOLE_READERS_SRC_FORCE_RANGE_H_

#include <cstdio>
#include <string>

#include "insole/readers/readers.h"

namespace insole::readers {

// Empty when a sensel can read `newtons` (scale: how many sensels the value sums); otherwise
// what is wrong with it, after "<column> is <value> N: ".
inline std::string force_problem(double newtons, double scale = 1.0) {
  if (newtons >= kForceNoiseFloorN && newtons <= kMaxSenselForceN * scale) return {};
  char value[32];
  std::snprintf(value, sizeof(value), "%g", newtons);
  if (newtons < kForceNoiseFloorN) {
    return std::string(value) + " N: a force cannot be negative beyond sensor noise (" +
           std::to_string(static_cast<int>(kForceNoiseFloorN)) + " N)";
  }
  if (newtons > kMaxSenselForceN * scale) {
    return std::string(value) + " N: above " +
           std::to_string(static_cast<int>(kMaxSenselForceN * scale / 1000)) +
           " kN on one sensel, which no foot can produce";
  }
  return {};
}

}  // namespace insole::readers

#endif  // INSOLE_READERS_SRC_FORCE_RANGE_H_
