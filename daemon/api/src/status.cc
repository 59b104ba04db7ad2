#include "insole/api/status.h"

namespace insole::api {

double LinkQuality::loss_ratio() const {
  const std::uint64_t missing = frames_lost > frames_recovered ? frames_lost - frames_recovered : 0;
  const std::uint64_t sent = frames + missing;
  return sent == 0 ? 0.0 : static_cast<double>(missing) / static_cast<double>(sent);
}

std::string_view name(DeviceState state) {
  switch (state) {
    case DeviceState::kHandshake:
      return "handshake";
    case DeviceState::kStreaming:
      return "streaming";
    case DeviceState::kReconnecting:
      return "reconnecting";
    case DeviceState::kGone:
      return "gone";
  }
  return "gone";
}

}  // namespace insole::api
