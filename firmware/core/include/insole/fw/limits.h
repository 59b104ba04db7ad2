// Compile-time bounds of the firmware: every buffer is sized from these.
#ifndef INSOLE_FW_LIMITS_H_
#define INSOLE_FW_LIMITS_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::fw {

inline constexpr size_t kMaxSensels = 128;  // Frame.readings max_size 192 = 128 * 12 bit
inline constexpr uint32_t kMinRateHz = 50;
inline constexpr uint32_t kMaxRateHz = 1000;
inline constexpr uint32_t kDefaultRateHz = 200;
inline constexpr const char* kFirmwareVersion = "0.1.0";

}  // namespace insole::fw

#endif  // INSOLE_FW_LIMITS_H_
