#include "bulk_in_packetiser.h"

namespace insole::fw::r1::usb {

bool BulkInPacketiser::next_packet(uint8_t* out, size_t* n) {
  if (queue_.empty()) {
    if (!zlp_owed_) return false;
    zlp_owed_ = false;
    *n = 0;
    return true;
  }
  *n = queue_.pop_some(out, kPacket);
  zlp_owed_ = *n == kPacket;
  return true;
}

void BulkInPacketiser::clear() {
  queue_.drop_all();
  zlp_owed_ = false;
}

}  // namespace insole::fw::r1::usb
