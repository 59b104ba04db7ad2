#include "usb_descriptors.h"

namespace insole::fw::r1::usb {
namespace {

constexpr uint8_t lo(uint16_t v) { return static_cast<uint8_t>(v & 0xFF); }
constexpr uint8_t hi(uint16_t v) { return static_cast<uint8_t>(v >> 8); }

constexpr uint8_t kDevice[kDeviceDescriptorSize] = {
    kDeviceDescriptorSize,
    kTypeDevice,
    0x00,
    0x02,  // bcdUSB 2.00
    0x00,
    0x00,
    0x00,        // class, subclass, protocol: per interface
    kMaxPacket,  // EP0
    lo(kVendorId),
    hi(kVendorId),
    lo(kProductId),
    hi(kProductId),
    lo(kDeviceRelease),
    hi(kDeviceRelease),
    kStringManufacturer,
    kStringProduct,
    kStringSerial,
    1,  // one configuration
};

constexpr uint8_t kConfiguration[kConfigurationDescriptorSize] = {
    // Configuration (USB 2.0 9.6.3).
    9,
    kTypeConfiguration,
    lo(kConfigurationDescriptorSize),
    hi(kConfigurationDescriptorSize),
    1,  // one interface
    kConfigurationValue,
    0,     // no string
    0x80,  // bus powered, no remote wake-up
    50,    // 100 mA, in 2 mA units: the charger's 100 mA plus the board's ~20 mA fit 500 mA
    // Interface 0, vendor class (9.6.5).
    9,
    kTypeInterface,
    kInterface,
    0,
    2,
    0xFF,
    0x00,
    0x00,
    0,
    // Bulk IN, bulk OUT (9.6.6).
    7,
    kTypeEndpoint,
    kBulkInAddress,
    0x02,
    lo(kMaxPacket),
    hi(kMaxPacket),
    0,  //
    7,
    kTypeEndpoint,
    kBulkOutAddress,
    0x02,
    lo(kMaxPacket),
    hi(kMaxPacket),
    0,
};

}  // namespace

const uint8_t* device_descriptor() { return kDevice; }
const uint8_t* configuration_descriptor() { return kConfiguration; }

size_t string_descriptor(const Strings& strings, uint8_t index, uint8_t* out) {
  if (index == 0) {
    out[0] = 4;
    out[1] = kTypeString;
    out[2] = lo(kLanguageEnUs);
    out[3] = hi(kLanguageEnUs);
    return 4;
  }
  const char* text = index == kStringManufacturer ? strings.manufacturer
                     : index == kStringProduct    ? strings.product
                     : index == kStringSerial     ? strings.serial
                                                  : nullptr;
  if (text == nullptr) return 0;
  size_t n = 0;
  for (; n < kMaxStringChars && text[n] != '\0'; ++n) {
    const char c = text[n];
    out[2 + 2 * n] = (c >= 0x20 && c < 0x7F) ? static_cast<uint8_t>(c) : '?';
    out[3 + 2 * n] = 0;  // UTF-16LE of ASCII
  }
  const size_t size = 2 + 2 * n;
  out[0] = static_cast<uint8_t>(size);
  out[1] = kTypeString;
  return size;
}

}  // namespace insole::fw::r1::usb
