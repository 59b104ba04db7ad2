// The insole's USB identity and descriptors (USB 2.0 chapter 9), produced by pure code.
//
// Contract with the daemon (daemon/link/include/insole/link/usb_link.h, and the device the
// libusb tests emulate in tests/unit/link/insole_*.umockdev, which these bytes must equal):
// VID:PID 1209:0001, full speed, one configuration (value 1, bus powered, 100 mA) with one
// vendor-class interface 0 (class 0xFF) holding bulk IN 0x81 and bulk OUT 0x01 of 64 bytes,
// string 1 = manufacturer, 2 = product, 3 = serial number (what usb:1209:0001/SERIAL selects).
#ifndef INSOLE_FW_BOARDS_R1_USB_DESCRIPTORS_H_
#define INSOLE_FW_BOARDS_R1_USB_DESCRIPTORS_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::fw::r1::usb {

inline constexpr uint16_t kVendorId = 0x1209;   // pid.codes
inline constexpr uint16_t kProductId = 0x0001;  // pid.codes test PID (docs/transports.md)
inline constexpr uint16_t kDeviceRelease = 0x0100;
inline constexpr uint8_t kInterface = 0;
inline constexpr uint8_t kBulkInAddress = 0x81;
inline constexpr uint8_t kBulkOutAddress = 0x01;
inline constexpr uint16_t kMaxPacket = 64;  // EP0 and both bulk endpoints (full speed)
inline constexpr uint8_t kConfigurationValue = 1;
inline constexpr uint16_t kLanguageEnUs = 0x0409;

// Descriptor types (USB 2.0 table 9-5).
inline constexpr uint8_t kTypeDevice = 1;
inline constexpr uint8_t kTypeConfiguration = 2;
inline constexpr uint8_t kTypeString = 3;
inline constexpr uint8_t kTypeInterface = 4;
inline constexpr uint8_t kTypeEndpoint = 5;

// String indices used by the device descriptor.
inline constexpr uint8_t kStringManufacturer = 1;
inline constexpr uint8_t kStringProduct = 2;
inline constexpr uint8_t kStringSerial = 3;

inline constexpr size_t kDeviceDescriptorSize = 18;
inline constexpr size_t kConfigurationDescriptorSize = 9 + 9 + 7 + 7;
// bLength is one byte: 2 header bytes + 126 UTF-16 code units at most.
inline constexpr size_t kMaxStringChars = 126;
inline constexpr size_t kMaxStringDescriptorSize = 2 + 2 * kMaxStringChars;

const uint8_t* device_descriptor();         // kDeviceDescriptorSize bytes
const uint8_t* configuration_descriptor();  // kConfigurationDescriptorSize bytes, all included

// ASCII strings of this insole (printable ASCII; anything else is sent as '?').
struct Strings {
  const char* manufacturer;
  const char* product;
  const char* serial;
};

// Writes string descriptor `index` (0 = the language list) into out; returns its size, or 0
// when there is no such string. Strings longer than kMaxStringChars are cut there.
// out must hold kMaxStringDescriptorSize bytes.
size_t string_descriptor(const Strings& strings, uint8_t index, uint8_t* out);

}  // namespace insole::fw::r1::usb

#endif  // INSOLE_FW_BOARDS_R1_USB_DESCRIPTORS_H_
