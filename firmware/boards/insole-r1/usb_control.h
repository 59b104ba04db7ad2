// The default control pipe (EP0) of the insole as a pure state machine (USB 2.0 chapter 9).
//
// The OTG_FS driver hands it every SETUP packet; it answers with what the data and status stages
// must do (send data, send a zero-length status, or STALL) and which side effect the driver has
// to apply to the hardware (device address, endpoint activation, halt). It handles the standard
// requests a host sends during and after enumeration:
//   GET_DESCRIPTOR (device, configuration, strings; cut to wLength, with a zero-length packet
//   when a shorter answer ends on a packet boundary; device qualifier STALLs: full speed only),
//   SET_ADDRESS, SET/GET_CONFIGURATION, GET_STATUS, CLEAR/SET_FEATURE(ENDPOINT_HALT),
//   GET/SET_INTERFACE (alternate setting 0 only).
// Everything else (class and vendor requests, SET_DESCRIPTOR, SYNCH_FRAME, remote wake-up, test
// mode, requests with an OUT data stage, requests not valid in the current device state, unknown
// endpoints or interfaces) is answered with STALL, as 9.2.7 asks for a request error.
#ifndef INSOLE_FW_BOARDS_R1_USB_CONTROL_H_
#define INSOLE_FW_BOARDS_R1_USB_CONTROL_H_

#include <stddef.h>
#include <stdint.h>

#include "usb_descriptors.h"

namespace insole::fw::r1::usb {

struct SetupPacket {
  uint8_t request_type;  // bmRequestType
  uint8_t request;       // bRequest
  uint16_t value;
  uint16_t index;
  uint16_t length;
  static SetupPacket parse(const uint8_t bytes[8]);
};

// Standard request codes (USB 2.0 table 9-4).
enum Request : uint8_t {
  kGetStatus = 0,
  kClearFeature = 1,
  kSetFeature = 3,
  kSetAddress = 5,
  kGetDescriptor = 6,
  kSetDescriptor = 7,
  kGetConfiguration = 8,
  kSetConfiguration = 9,
  kGetInterface = 10,
  kSetInterface = 11,
  kSynchFrame = 12,
};

enum class DeviceState : uint8_t { kDefault, kAddress, kConfigured };

// What the driver must do to the hardware besides answering.
enum class ControlAction : uint8_t {
  kNone,
  kSetAddress,   // program `arg` as the device address now (OTG_FS takes it before the status
                 // stage and answers that stage from the old address itself, RM0383 22.17.5)
  kConfigure,    // activate the bulk endpoints with DATA0 and no halt, arm OUT
  kDeconfigure,  // deactivate the bulk endpoints
  kHalt,         // STALL endpoint `arg` (an address, 0x81 or 0x01) until cleared
  kClearHalt,    // clear the STALL of endpoint `arg` and reset its data toggle to DATA0
};

struct ControlReply {
  enum class Stage : uint8_t { kStall, kStatus, kDataIn };
  Stage stage = Stage::kStall;
  ControlAction action = ControlAction::kNone;
  uint8_t arg = 0;
  const uint8_t* data = nullptr;  // kDataIn: valid until the next setup()
  uint16_t length = 0;            // kDataIn: already cut to wLength
  bool zlp = false;  // kDataIn: end the data stage with a zero-length packet (short, on boundary)
};

class UsbControl {
 public:
  explicit UsbControl(const Strings& strings) : strings_(strings) {}

  // USB reset: back to the default state, address 0, not configured, no halts.
  void bus_reset();
  ControlReply setup(const SetupPacket& setup);

  DeviceState state() const { return state_; }
  uint8_t address() const { return address_; }
  uint8_t configuration() const { return state_ == DeviceState::kConfigured ? 1 : 0; }
  bool halted(uint8_t endpoint_address) const;

 private:
  ControlReply standard(const SetupPacket& s);
  ControlReply get_descriptor(const SetupPacket& s);
  ControlReply get_status(const SetupPacket& s);
  ControlReply feature(const SetupPacket& s, bool set);
  ControlReply set_configuration(const SetupPacket& s);
  ControlReply data_in(const SetupPacket& s, const uint8_t* data, size_t size);
  bool bulk_endpoint(uint16_t index) const;

  const Strings& strings_;
  DeviceState state_ = DeviceState::kDefault;
  uint8_t address_ = 0;
  bool in_halted_ = false;
  bool out_halted_ = false;
  uint8_t scratch_[kMaxStringDescriptorSize] = {};
};

// The IN data stage of a control read, packet by packet (EP0 moves at most kMaxPacket a time).
class ControlDataIn {
 public:
  void start(const uint8_t* data, uint16_t length, bool zlp);
  // The next packet to send; false when the data stage is complete.
  bool next(const uint8_t** data, uint16_t* length);
  bool active() const { return active_; }
  void cancel() { active_ = false; }

 private:
  const uint8_t* data_ = nullptr;
  uint16_t left_ = 0;
  bool zlp_ = false;
  bool active_ = false;
};

}  // namespace insole::fw::r1::usb

#endif  // INSOLE_FW_BOARDS_R1_USB_CONTROL_H_
