// The insole wire protocol version spoken by this source tree.
// Major: a host refuses a device whose major differs. Minor: additions that old peers ignore.
#ifndef INSOLE_PROTOCOL_VERSION_H_
#define INSOLE_PROTOCOL_VERSION_H_

#include <stdint.h>

namespace insole {

inline constexpr uint32_t kProtocolMajor = 1;
inline constexpr uint32_t kProtocolMinor = 2;

}  // namespace insole

#endif  // INSOLE_PROTOCOL_VERSION_H_
