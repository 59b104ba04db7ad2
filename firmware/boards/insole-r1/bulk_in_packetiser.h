// Splits the framed byte stream for the host into bulk IN packets of at most 64 bytes.
//
// Thread code queues whole frames (push: all or nothing); the USB interrupt takes one packet at
// a time when the endpoint is free. When the bytes queued so far end exactly on a packet
// boundary, the next packet is a zero-length one: the host's IN transfers are larger than a
// packet (usb_link.h asks for 512 bytes) and only a short packet ends one early, so without it
// the last frame would wait in the host controller until more data arrived (USB 2.0 5.8.3).
// If more bytes are queued before that packet goes out, they go instead: a transfer that
// continues needs no terminator.
#ifndef INSOLE_FW_BOARDS_R1_BULK_IN_PACKETISER_H_
#define INSOLE_FW_BOARDS_R1_BULK_IN_PACKETISER_H_

#include <stddef.h>
#include <stdint.h>

#include "byte_ring.h"

namespace insole::fw::r1::usb {

class BulkInPacketiser {
 public:
  static constexpr size_t kPacket = 64;
  static constexpr uint32_t kCapacity = 2048;  // ~16 frames of 64 sensels: ~80 ms at 200 Hz

  // Thread side.
  bool push(const uint8_t* data, size_t n) { return queue_.push_all(data, n); }
  uint32_t queued() const { return queue_.size(); }

  // Interrupt side. Copies the next packet (0..kPacket bytes) into out and returns true, or
  // returns false when there is nothing to send (not even a zero-length packet).
  bool next_packet(uint8_t* out, size_t* n);
  // Drops what is queued (bus reset, deconfiguration, endpoint halt cleared with data lost).
  void clear();

 private:
  cortex_m::ByteRing<kCapacity> queue_;
  bool zlp_owed_ = false;  // the last packet was full and nothing followed it yet
};

}  // namespace insole::fw::r1::usb

#endif  // INSOLE_FW_BOARDS_R1_BULK_IN_PACKETISER_H_
