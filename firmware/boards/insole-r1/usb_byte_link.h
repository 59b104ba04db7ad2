// hal::ByteLink over the insole's two bulk endpoints; the logic between the core (thread code)
// and the OTG_FS interrupt, without registers.
//
//  - write() queues a whole frame for bulk IN (BulkInPacketiser) or refuses it: when the host
//    has not configured the device (nobody would read it) or the queue is full (the host stopped
//    reading). The core counts the drop and the host sees a sequence gap; nothing stalls.
//  - OUT packets go into a receive queue that read() drains. The driver only arms the OUT
//    endpoint when a whole packet fits (out_ready()), otherwise the hardware NAKs and the host
//    retries: no received byte is ever dropped. read() asks the driver to re-arm once space
//    is back.
//  - Thread code never touches the hardware: where the interrupt has work to do (a packet to
//    send, OUT to re-arm) it calls UsbService::request_service(), which pends the USB interrupt.
#ifndef INSOLE_FW_BOARDS_R1_USB_BYTE_LINK_H_
#define INSOLE_FW_BOARDS_R1_USB_BYTE_LINK_H_

#include <stddef.h>
#include <stdint.h>

#include "bulk_in_packetiser.h"
#include "byte_ring.h"
#include "insole/hal/byte_link.h"

namespace insole::fw::r1::usb {

class UsbService {
 public:
  // Makes the USB interrupt run soon (from thread code).
  virtual void request_service() = 0;

 protected:
  ~UsbService() = default;
};

class UsbByteLink final : public hal::ByteLink {
 public:
  static constexpr uint32_t kRxCapacity = 256;  // host commands are a few dozen bytes

  explicit UsbByteLink(UsbService& service) : service_(service) {}

  // Thread side (hal::ByteLink).
  size_t read(uint8_t* buf, size_t capacity) override;
  bool write(const uint8_t* data, size_t n) override;
  bool configured() const { return configured_; }
  bool rx_pending() const { return !rx_.empty(); }

  // Interrupt side.
  void on_configured();
  void on_deconfigured();  // also on bus reset and suspend: queued IN bytes are dropped
  bool out_ready() const { return rx_.space() >= BulkInPacketiser::kPacket; }
  // A received OUT packet (n <= 64); only called after out_ready() said yes.
  void on_out_packet(const uint8_t* data, size_t n);
  // The OUT endpoint was left NAKing for lack of space; read() re-requests service.
  void set_out_paused() { out_paused_ = true; }
  bool next_in_packet(uint8_t* out, size_t* n) { return tx_.next_packet(out, n); }
  bool in_pending() const { return tx_.queued() != 0; }

 private:
  UsbService& service_;
  BulkInPacketiser tx_;
  cortex_m::ByteRing<kRxCapacity> rx_;
  volatile bool configured_ = false;
  volatile bool out_paused_ = false;
};

}  // namespace insole::fw::r1::usb

#endif  // INSOLE_FW_BOARDS_R1_USB_BYTE_LINK_H_
