#include "insole/api/status.h"

namespace insole::api {

double LinkQuality::loss_ratio() const {
  const std::uint64_t scanned = frames + frames_lost;
  return scanned == 0 ? 0.0 : static_cast<double>(frames_lost) / static_cast<double>(scanned);
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
