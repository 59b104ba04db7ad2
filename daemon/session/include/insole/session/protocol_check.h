// Decides whether the daemon can talk to a device, from the DeviceInfo of the handshake.
#ifndef INSOLE_SESSION_PROTOCOL_CHECK_H_
#define INSOLE_SESSION_PROTOCOL_CHECK_H_

#include <optional>
#include <string>

#include "insole/v1/device.pb.h"

namespace insole::session {

// Empty when compatible; otherwise a sentence for the log saying what is wrong and what to do.
std::optional<std::string> refuse_reason(const insole::v1::DeviceInfo& info);

// "L" / "R" / "?"
char side_letter(insole::v1::Side side);

}  // namespace insole::session

#endif  // INSOLE_SESSION_PROTOCOL_CHECK_H_
