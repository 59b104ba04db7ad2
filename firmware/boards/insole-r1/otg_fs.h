// The thin OTG_FS device driver (RM0383 chapter 22) connecting the pure USB logic to the
// hardware: EP0 requests go to UsbControl, bulk IN/OUT packets to UsbByteLink. All register
// access happens in the OTG_FS interrupt; thread code only pends it (UsbService).
//
// FIFO RAM (320 words): RX 128 words (SETUP packets, status and 64-byte OUT packets, RM0383
// 22.11.3's minimum is 35), TX0 16 words (one 64-byte EP0 packet), TX1 64 words. One packet per
// endpoint is in flight at a time; the next one is written when the last completes (XFRC).
// VBUS sensing is off (VBUS goes to PC15 through a divider instead), so the device connects its
// D+ pull-up as soon as start() runs.
#ifndef INSOLE_FW_BOARDS_R1_OTG_FS_H_
#define INSOLE_FW_BOARDS_R1_OTG_FS_H_

#include <stdint.h>

#include "usb_byte_link.h"
#include "usb_control.h"

namespace insole::fw::r1::usb {

class OtgFsDevice final : public UsbService {
 public:
  explicit OtgFsDevice(const Strings& strings) : control_(strings), link_(*this) {}

  // Clocks, pins PA11/PA12 (AF10), core reset, device mode, FIFOs, interrupts, connect.
  void start();
  void on_irq();

  UsbByteLink& link() { return link_; }
  const UsbControl& control() const { return control_; }
  bool suspended() const { return suspended_; }
  uint32_t bus_resets() const { return bus_resets_; }

  void request_service() override;

 private:
  void bus_reset();
  void read_rx_fifo();
  void handle_setup();
  void apply(const ControlReply& reply);
  void ep0_send_next();
  void ep0_arm_out();
  void ep0_stall();
  void configure_bulk();
  void deconfigure_bulk();
  void service_bulk();
  void send_in_packet(unsigned ep, const uint8_t* data, uint32_t n);

  UsbControl control_;
  UsbByteLink link_;
  ControlDataIn ep0_in_;
  uint8_t setup_[8] = {};
  uint8_t out_packet_[kMaxPacket] = {};
  uint8_t in_packet_[kMaxPacket] = {};
  bool in_busy_ = false;  // a bulk IN packet is in the FIFO, not yet taken by the host
  bool out_armed_ = false;
  bool suspended_ = false;
  uint32_t bus_resets_ = 0;
};

}  // namespace insole::fw::r1::usb

#endif  // INSOLE_FW_BOARDS_R1_OTG_FS_H_
