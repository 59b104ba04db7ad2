#include "usb_byte_link.h"

namespace insole::fw::r1::usb {

size_t UsbByteLink::read(uint8_t* buf, size_t capacity) {
  const size_t n = rx_.pop_some(buf, capacity);
  if (out_paused_ && out_ready()) {
    out_paused_ = false;
    service_.request_service();
  }
  return n;
}

bool UsbByteLink::write(const uint8_t* data, size_t n) {
  if (!configured_) return false;
  if (!tx_.push(data, n)) return false;
  service_.request_service();
  return true;
}

void UsbByteLink::on_configured() {
  tx_.clear();
  configured_ = true;
}

void UsbByteLink::on_deconfigured() {
  configured_ = false;
  tx_.clear();
}

void UsbByteLink::on_out_packet(const uint8_t* data, size_t n) {
  // out_ready() was checked before the endpoint was armed, so this always fits.
  rx_.push_all(data, n);
}

}  // namespace insole::fw::r1::usb
