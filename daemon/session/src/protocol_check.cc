#include "insole/session/protocol_check.h"

#include "insole/protocol_version.h"

namespace insole::session {

char side_letter(insole::v1::Side side) {
  switch (side) {
    case insole::v1::SIDE_LEFT:
      return 'L';
    case insole::v1::SIDE_RIGHT:
      return 'R';
    default:
      return '?';
  }
}

std::optional<std::string> refuse_reason(const insole::v1::DeviceInfo& info) {
  const std::string who = "device " + (info.serial_number().empty() ? std::string("(no serial)")
                                                                    : info.serial_number());
  if (info.protocol_major() != kProtocolMajor) {
    return who + " speaks insole protocol " + std::to_string(info.protocol_major()) + "." +
           std::to_string(info.protocol_minor()) + " but this insoled speaks " +
           std::to_string(kProtocolMajor) + "." + std::to_string(kProtocolMinor) + "; update " +
           (info.protocol_major() > kProtocolMajor ? "insoled" : "the insole firmware") +
           " so the major versions match";
  }
  if (side_letter(info.side()) == '?')
    return who + " does not say whether it is a left or right insole";
  if (info.sensel_count() == 0 || info.sensel_count() > 128) {
    return who + " reports " + std::to_string(info.sensel_count()) + " sensels (expected 1..128)";
  }
  if (!(info.newtons_per_count() > 0.0f)) return who + " reports no force calibration";
  return std::nullopt;
}

}  // namespace insole::session
