#include "usb_control.h"

namespace insole::fw::r1::usb {
namespace {

constexpr uint8_t kDirIn = 0x80;
constexpr uint8_t kTypeMask = 0x60;  // 0 = standard, 0x20 class, 0x40 vendor
constexpr uint8_t kRecipientMask = 0x1F;
constexpr uint8_t kRecipientDevice = 0;
constexpr uint8_t kRecipientInterface = 1;
constexpr uint8_t kRecipientEndpoint = 2;
constexpr uint16_t kFeatureEndpointHalt = 0;
constexpr uint8_t kTypeDeviceQualifier = 6;

ControlReply stall() { return ControlReply{}; }

ControlReply status(ControlAction action = ControlAction::kNone, uint8_t arg = 0) {
  ControlReply r;
  r.stage = ControlReply::Stage::kStatus;
  r.action = action;
  r.arg = arg;
  return r;
}

}  // namespace

SetupPacket SetupPacket::parse(const uint8_t b[8]) {
  return SetupPacket{b[0], b[1], static_cast<uint16_t>(b[2] | b[3] << 8),
                     static_cast<uint16_t>(b[4] | b[5] << 8),
                     static_cast<uint16_t>(b[6] | b[7] << 8)};
}

void UsbControl::bus_reset() {
  state_ = DeviceState::kDefault;
  address_ = 0;
  in_halted_ = false;
  out_halted_ = false;
}

bool UsbControl::halted(uint8_t endpoint_address) const {
  if (endpoint_address == kBulkInAddress) return in_halted_;
  if (endpoint_address == kBulkOutAddress) return out_halted_;
  return false;
}

ControlReply UsbControl::setup(const SetupPacket& s) {
  if ((s.request_type & kTypeMask) != 0) return stall();  // no class or vendor requests
  // None of the requests we support has an OUT data stage.
  if ((s.request_type & kDirIn) == 0 && s.length != 0) return stall();
  return standard(s);
}

ControlReply UsbControl::standard(const SetupPacket& s) {
  const uint8_t recipient = s.request_type & kRecipientMask;
  const bool in = (s.request_type & kDirIn) != 0;
  const bool addressed = state_ != DeviceState::kDefault;
  const bool configured = state_ == DeviceState::kConfigured;
  switch (s.request) {
    case kGetDescriptor:
      if (!in || recipient != kRecipientDevice) return stall();
      return get_descriptor(s);
    case kSetAddress:
      if (in || recipient != kRecipientDevice || s.value > 127 || s.index != 0 || configured) {
        return stall();
      }
      address_ = static_cast<uint8_t>(s.value);
      state_ = address_ == 0 ? DeviceState::kDefault : DeviceState::kAddress;
      return status(ControlAction::kSetAddress, address_);
    case kGetConfiguration:
      if (!in || recipient != kRecipientDevice || !addressed) return stall();
      scratch_[0] = configuration();
      return data_in(s, scratch_, 1);
    case kSetConfiguration:
      if (in || recipient != kRecipientDevice || !addressed) return stall();
      return set_configuration(s);
    case kGetStatus:
      if (!in || !addressed) return stall();
      return get_status(s);
    case kClearFeature:
    case kSetFeature:
      if (in || !addressed) return stall();
      return feature(s, s.request == kSetFeature);
    case kGetInterface:
      if (!in || recipient != kRecipientInterface || !configured || s.index != kInterface) {
        return stall();
      }
      scratch_[0] = 0;  // the only alternate setting
      return data_in(s, scratch_, 1);
    case kSetInterface:
      if (in || recipient != kRecipientInterface || !configured || s.index != kInterface ||
          s.value != 0) {
        return stall();
      }
      // Selecting an alternate setting resets its endpoints (9.4.10).
      in_halted_ = false;
      out_halted_ = false;
      return status(ControlAction::kConfigure);
    default:  // SET_DESCRIPTOR, SYNCH_FRAME, unknown
      return stall();
  }
}

ControlReply UsbControl::get_descriptor(const SetupPacket& s) {
  const uint8_t type = static_cast<uint8_t>(s.value >> 8);
  const uint8_t index = static_cast<uint8_t>(s.value & 0xFF);
  switch (type) {
    case kTypeDevice:
      if (index != 0) return stall();
      return data_in(s, device_descriptor(), kDeviceDescriptorSize);
    case kTypeConfiguration:
      if (index != 0) return stall();
      return data_in(s, configuration_descriptor(), kConfigurationDescriptorSize);
    case kTypeString: {
      const size_t size = string_descriptor(strings_, index, scratch_);
      if (size == 0) return stall();
      return data_in(s, scratch_, size);
    }
    case kTypeDeviceQualifier:  // a full-speed-only device STALLs it (9.6.2)
    default:
      return stall();
  }
}

ControlReply UsbControl::get_status(const SetupPacket& s) {
  if (s.value != 0) return stall();
  scratch_[0] = 0;  // device: bus powered, no remote wake-up; interface: reserved zero
  scratch_[1] = 0;
  switch (s.request_type & kRecipientMask) {
    case kRecipientDevice:
      if (s.index != 0) return stall();
      break;
    case kRecipientInterface:
      if (state_ != DeviceState::kConfigured || s.index != kInterface) return stall();
      break;
    case kRecipientEndpoint:
      if ((s.index & 0x7F) == 0) break;  // EP0 is never halted
      if (!bulk_endpoint(s.index)) return stall();
      scratch_[0] = halted(static_cast<uint8_t>(s.index)) ? 1 : 0;
      break;
    default:
      return stall();
  }
  return data_in(s, scratch_, 2);
}

ControlReply UsbControl::feature(const SetupPacket& s, bool set) {
  // The device features (remote wake-up, test mode) are not supported: STALL.
  if ((s.request_type & kRecipientMask) != kRecipientEndpoint || s.value != kFeatureEndpointHalt) {
    return stall();
  }
  if ((s.index & 0x7F) == 0) return status();  // EP0 halt: nothing to keep (8.5.3.4)
  if (!bulk_endpoint(s.index)) return stall();
  const uint8_t ep = static_cast<uint8_t>(s.index);
  (ep == kBulkInAddress ? in_halted_ : out_halted_) = set;
  return status(set ? ControlAction::kHalt : ControlAction::kClearHalt, ep);
}

ControlReply UsbControl::set_configuration(const SetupPacket& s) {
  if (s.index != 0) return stall();
  if (s.value == 0) {
    const bool was = state_ == DeviceState::kConfigured;
    state_ = DeviceState::kAddress;
    return status(was ? ControlAction::kDeconfigure : ControlAction::kNone);
  }
  if (s.value != kConfigurationValue) return stall();
  // Configuring again also resets the endpoints (9.1.1.5).
  state_ = DeviceState::kConfigured;
  in_halted_ = false;
  out_halted_ = false;
  return status(ControlAction::kConfigure);
}

bool UsbControl::bulk_endpoint(uint16_t index) const {
  return state_ == DeviceState::kConfigured &&
         (index == kBulkInAddress || index == kBulkOutAddress);
}

ControlReply UsbControl::data_in(const SetupPacket& s, const uint8_t* data, size_t size) {
  // A control read with wLength 0 has no data stage: only the status stage (9.3.5).
  if (s.length == 0) return status();
  ControlReply r;
  r.stage = ControlReply::Stage::kDataIn;
  r.data = data;
  r.length = static_cast<uint16_t>(size < s.length ? size : s.length);
  // A shorter answer than asked ends with a short packet; one that fills its last packet
  // exactly needs a zero-length packet to tell the host it is over (5.5.3).
  r.zlp = r.length < s.length && r.length % kMaxPacket == 0;
  return r;
}

void ControlDataIn::start(const uint8_t* data, uint16_t length, bool zlp) {
  data_ = data;
  left_ = length;
  zlp_ = zlp;
  active_ = true;
}

bool ControlDataIn::next(const uint8_t** data, uint16_t* length) {
  if (!active_) return false;
  if (left_ == 0) {
    if (!zlp_) {
      active_ = false;
      return false;
    }
    zlp_ = false;  // the zero-length packet is the last one
    *data = data_;
    *length = 0;
    return true;
  }
  const uint16_t n = left_ < kMaxPacket ? left_ : kMaxPacket;
  *data = data_;
  *length = n;
  data_ += n;
  left_ = static_cast<uint16_t>(left_ - n);
  return true;
}

}  // namespace insole::fw::r1::usb
