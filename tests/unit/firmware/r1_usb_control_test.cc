// insole-r1 USB: the descriptors equal the device the daemon's libusb tests emulate, and the
// control-request state machine answers enumeration and the other standard requests.
#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "usb_control.h"
#include "usb_descriptors.h"

namespace {

using namespace insole::fw::r1::usb;
using Bytes = std::vector<uint8_t>;
using Stage = ControlReply::Stage;

constexpr uint8_t kIn = 0x80;
constexpr uint8_t kEndpoint = 0x02;
constexpr uint8_t kInterfaceRecipient = 0x01;

// The raw descriptors (device + configuration) of tests/unit/link/insole_left.umockdev.
Bytes umockdev_descriptors() {
  std::ifstream in(INSOLE_USB_UMOCKDEV);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("N: bus/usb/", 0) != 0) continue;
    const std::string hex = line.substr(line.find('=') + 1);
    Bytes bytes;
    for (size_t i = 0; i + 1 < hex.size(); i += 2) {
      bytes.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
    }
    return bytes;
  }
  return {};
}

Bytes reply_bytes(const ControlReply& r) { return Bytes(r.data, r.data + r.length); }

SetupPacket setup(uint8_t type, uint8_t request, uint16_t value, uint16_t index, uint16_t length) {
  const uint8_t raw[8] = {type,
                          request,
                          static_cast<uint8_t>(value),
                          static_cast<uint8_t>(value >> 8),
                          static_cast<uint8_t>(index),
                          static_cast<uint8_t>(index >> 8),
                          static_cast<uint8_t>(length),
                          static_cast<uint8_t>(length >> 8)};
  return SetupPacket::parse(raw);
}

SetupPacket get_descriptor(uint8_t type, uint8_t index, uint16_t length) {
  return setup(kIn, kGetDescriptor, static_cast<uint16_t>(type << 8 | index), 0, length);
}

class UsbControlTest : public ::testing::Test {
 protected:
  void configure() {
    if (control_.state() == DeviceState::kDefault) {
      ASSERT_EQ(control_.setup(setup(0, kSetAddress, 9, 0, 0)).stage, Stage::kStatus);
    }
    const ControlReply r = control_.setup(setup(0, kSetConfiguration, 1, 0, 0));
    ASSERT_EQ(r.stage, Stage::kStatus);
    ASSERT_EQ(r.action, ControlAction::kConfigure);
  }

  std::string serial_ = "R1-1A2B3C4D";
  Strings strings_{"insole project", "Insole (left)", serial_.c_str()};
  UsbControl control_{strings_};
};

TEST(UsbDescriptorsTest, EqualTheDeviceTheDaemonsLibusbTestsEmulate) {
  const Bytes expected = umockdev_descriptors();
  ASSERT_EQ(expected.size(), kDeviceDescriptorSize + kConfigurationDescriptorSize);
  Bytes ours(device_descriptor(), device_descriptor() + kDeviceDescriptorSize);
  ours.insert(ours.end(), configuration_descriptor(),
              configuration_descriptor() + kConfigurationDescriptorSize);
  EXPECT_EQ(ours, expected);
}

TEST(UsbDescriptorsTest, NamesTheIdsInterfaceAndEndpointsOfUsbLink) {
  const uint8_t* d = device_descriptor();
  EXPECT_EQ(d[8] | d[9] << 8, 0x1209);
  EXPECT_EQ(d[10] | d[11] << 8, 0x0001);
  EXPECT_EQ(d[16], kStringSerial);
  const uint8_t* c = configuration_descriptor();
  EXPECT_EQ(c[2] | c[3] << 8, static_cast<int>(kConfigurationDescriptorSize));
  EXPECT_EQ(c[9 + 2], 0);     // interface 0
  EXPECT_EQ(c[9 + 5], 0xFF);  // vendor class
  EXPECT_EQ(c[18 + 2], 0x81);
  EXPECT_EQ(c[18 + 3], 0x02);  // bulk
  EXPECT_EQ(c[18 + 4], 64);
  EXPECT_EQ(c[25 + 2], 0x01);
  EXPECT_EQ(c[25 + 3], 0x02);
  EXPECT_EQ(c[25 + 4], 64);
}

TEST(UsbDescriptorsTest, StringsAreUtf16WithTheLanguageList) {
  const Strings s{"insole project", "Insole (left)", "R1-00\xE9X"};
  uint8_t out[kMaxStringDescriptorSize];
  ASSERT_EQ(string_descriptor(s, 0, out), 4u);
  EXPECT_EQ(Bytes(out, out + 4), (Bytes{4, 3, 0x09, 0x04}));
  ASSERT_EQ(string_descriptor(s, kStringSerial, out), 2u + 2 * 7);
  EXPECT_EQ(Bytes(out, out + 16),
            (Bytes{16, 3, 'R', 0, '1', 0, '-', 0, '0', 0, '0', 0, '?', 0, 'X', 0}));
  EXPECT_EQ(string_descriptor(s, 4, out), 0u);

  const std::string long_name(200, 'a');
  const Strings l{long_name.c_str(), "", ""};
  ASSERT_EQ(string_descriptor(l, kStringManufacturer, out), kMaxStringDescriptorSize);
  EXPECT_EQ(out[0], 254);
}

TEST_F(UsbControlTest, EnumeratesLikeLinux) {
  // Linux first asks for 64 bytes of the device descriptor at address 0.
  ControlReply r = control_.setup(get_descriptor(1, 0, 64));
  ASSERT_EQ(r.stage, Stage::kDataIn);
  EXPECT_EQ(r.length, 18);
  EXPECT_FALSE(r.zlp);
  EXPECT_EQ(reply_bytes(r), Bytes(device_descriptor(), device_descriptor() + 18));

  r = control_.setup(setup(0, kSetAddress, 23, 0, 0));
  EXPECT_EQ(r.stage, Stage::kStatus);
  EXPECT_EQ(r.action, ControlAction::kSetAddress);
  EXPECT_EQ(r.arg, 23);
  EXPECT_EQ(control_.state(), DeviceState::kAddress);
  EXPECT_EQ(control_.address(), 23);

  // The configuration header first (wLength 9: cut), then all of it.
  r = control_.setup(get_descriptor(2, 0, 9));
  ASSERT_EQ(r.stage, Stage::kDataIn);
  EXPECT_EQ(r.length, 9);
  EXPECT_FALSE(r.zlp);
  r = control_.setup(get_descriptor(2, 0, 255));
  EXPECT_EQ(r.length, kConfigurationDescriptorSize);
  EXPECT_FALSE(r.zlp);

  r = control_.setup(get_descriptor(3, 0, 255));
  EXPECT_EQ(reply_bytes(r), (Bytes{4, 3, 0x09, 0x04}));
  r = control_.setup(setup(kIn, kGetDescriptor, 3 << 8 | kStringSerial, 0x0409, 255));
  ASSERT_EQ(r.stage, Stage::kDataIn);
  ASSERT_EQ(r.length, 2 + 2 * serial_.size());
  for (size_t i = 0; i < serial_.size(); ++i) EXPECT_EQ(r.data[2 + 2 * i], serial_[i]);

  r = control_.setup(setup(kIn, kGetConfiguration, 0, 0, 1));
  EXPECT_EQ(reply_bytes(r), Bytes{0});
  r = control_.setup(setup(0, kSetConfiguration, 1, 0, 0));
  EXPECT_EQ(r.stage, Stage::kStatus);
  EXPECT_EQ(r.action, ControlAction::kConfigure);
  EXPECT_EQ(control_.state(), DeviceState::kConfigured);
  r = control_.setup(setup(kIn, kGetConfiguration, 0, 0, 1));
  EXPECT_EQ(reply_bytes(r), Bytes{1});
}

TEST_F(UsbControlTest, ShortAnswerOnAPacketBoundaryEndsWithAZeroLengthPacket) {
  serial_ = std::string(31, 'S');  // descriptor of 2 + 62 = 64 bytes
  strings_.serial = serial_.c_str();
  ControlReply r = control_.setup(get_descriptor(3, kStringSerial, 255));
  EXPECT_EQ(r.length, 64);
  EXPECT_TRUE(r.zlp);
  r = control_.setup(get_descriptor(3, kStringSerial, 64));  // exactly what was asked
  EXPECT_EQ(r.length, 64);
  EXPECT_FALSE(r.zlp);
  r = control_.setup(get_descriptor(3, kStringSerial, 0));  // no data stage at all
  EXPECT_EQ(r.stage, Stage::kStatus);
}

TEST_F(UsbControlTest, EndpointHaltIsSetReportedAndCleared) {
  configure();
  ControlReply r = control_.setup(setup(kIn | kEndpoint, kGetStatus, 0, 0x81, 2));
  EXPECT_EQ(reply_bytes(r), (Bytes{0, 0}));
  r = control_.setup(setup(kEndpoint, kSetFeature, 0, 0x81, 0));
  EXPECT_EQ(r.stage, Stage::kStatus);
  EXPECT_EQ(r.action, ControlAction::kHalt);
  EXPECT_EQ(r.arg, 0x81);
  EXPECT_TRUE(control_.halted(0x81));
  EXPECT_FALSE(control_.halted(0x01));
  r = control_.setup(setup(kIn | kEndpoint, kGetStatus, 0, 0x81, 2));
  EXPECT_EQ(reply_bytes(r), (Bytes{1, 0}));
  r = control_.setup(setup(kEndpoint, kClearFeature, 0, 0x81, 0));
  EXPECT_EQ(r.action, ControlAction::kClearHalt);
  EXPECT_FALSE(control_.halted(0x81));
  r = control_.setup(setup(kEndpoint, kSetFeature, 0, 0x01, 0));
  EXPECT_EQ(r.action, ControlAction::kHalt);
  EXPECT_EQ(r.arg, 0x01);
  // Reconfiguring resets the endpoints.
  configure();
  EXPECT_FALSE(control_.halted(0x01));

  EXPECT_EQ(reply_bytes(control_.setup(setup(kIn, kGetStatus, 0, 0, 2))), (Bytes{0, 0}));
  EXPECT_EQ(reply_bytes(control_.setup(setup(kIn | kInterfaceRecipient, kGetStatus, 0, 0, 2))),
            (Bytes{0, 0}));
  EXPECT_EQ(reply_bytes(control_.setup(setup(kIn | kEndpoint, kGetStatus, 0, 0x80, 2))),
            (Bytes{0, 0}));
  EXPECT_EQ(control_.setup(setup(kEndpoint, kClearFeature, 0, 0x00, 0)).stage, Stage::kStatus);
}

TEST_F(UsbControlTest, UnsupportedOrInvalidRequestsStall) {
  // Before an address: only GET_DESCRIPTOR and SET_ADDRESS.
  EXPECT_EQ(control_.setup(setup(0, kSetConfiguration, 1, 0, 0)).stage, Stage::kStall);
  EXPECT_EQ(control_.setup(setup(kIn, kGetConfiguration, 0, 0, 1)).stage, Stage::kStall);
  EXPECT_EQ(control_.setup(setup(kIn, kGetStatus, 0, 0, 2)).stage, Stage::kStall);
  ASSERT_EQ(control_.setup(setup(0, kSetAddress, 9, 0, 0)).stage, Stage::kStatus);
  // Bulk endpoints do not exist until configured.
  EXPECT_EQ(control_.setup(setup(kIn | kEndpoint, kGetStatus, 0, 0x81, 2)).stage, Stage::kStall);
  EXPECT_EQ(control_.setup(setup(kEndpoint, kSetFeature, 0, 0x81, 0)).stage, Stage::kStall);
  EXPECT_EQ(control_.setup(setup(0, kSetConfiguration, 2, 0, 0)).stage, Stage::kStall);
  configure();

  const SetupPacket stalls[] = {
      setup(0x40 | kIn, 0x01, 0, 0, 8),                    // vendor request
      setup(0x21, 0x09, 0, 0, 0),                          // class request
      get_descriptor(6, 0, 10),                            // device qualifier: full speed only
      get_descriptor(7, 0, 9),                             // other-speed configuration
      get_descriptor(1, 1, 18),                            // device descriptor index 1
      get_descriptor(3, 4, 255),                           // no such string
      setup(0, kSetDescriptor, 1 << 8, 0, 18),             // OUT data stage
      setup(0, kSetAddress, 12, 0, 0),                     // while configured
      setup(0, kSetAddress, 200, 0, 0),                    // out of range
      setup(0, kSetFeature, 1, 0, 0),                      // remote wake-up
      setup(0, kSetFeature, 2, 0x0400, 0),                 // test mode
      setup(kIn | kEndpoint, kGetStatus, 0, 0x82, 2),      // unknown endpoint
      setup(kEndpoint, kSetFeature, 0, 0x02, 0),           // unknown endpoint
      setup(kIn | kEndpoint, kSynchFrame, 0, 0x81, 2),     // no isochronous endpoints
      setup(kInterfaceRecipient, kSetInterface, 1, 0, 0),  // no alternate setting 1
      setup(kIn | kInterfaceRecipient, kGetInterface, 0, 1, 1),  // no interface 1
      setup(kIn, 0x42, 0, 0, 4),                                 // unknown standard request
  };
  for (const SetupPacket& s : stalls) {
    EXPECT_EQ(control_.setup(s).stage, Stage::kStall)
        << "type " << int(s.request_type) << " request " << int(s.request) << " value " << s.value;
  }
  EXPECT_EQ(control_.state(), DeviceState::kConfigured);  // a stall changes nothing
  EXPECT_EQ(reply_bytes(control_.setup(setup(kIn | kInterfaceRecipient, kGetInterface, 0, 0, 1))),
            Bytes{0});
  EXPECT_EQ(control_.setup(setup(kInterfaceRecipient, kSetInterface, 0, 0, 0)).action,
            ControlAction::kConfigure);
}

TEST_F(UsbControlTest, DeconfigureAndBusReset) {
  configure();
  ControlReply r = control_.setup(setup(0, kSetConfiguration, 0, 0, 0));
  EXPECT_EQ(r.action, ControlAction::kDeconfigure);
  EXPECT_EQ(control_.state(), DeviceState::kAddress);
  r = control_.setup(setup(0, kSetConfiguration, 0, 0, 0));
  EXPECT_EQ(r.action, ControlAction::kNone);
  configure();
  control_.bus_reset();
  EXPECT_EQ(control_.state(), DeviceState::kDefault);
  EXPECT_EQ(control_.address(), 0);
  EXPECT_EQ(control_.configuration(), 0);
}

std::vector<uint16_t> packets_of(ControlDataIn& in) {
  std::vector<uint16_t> sizes;
  const uint8_t* data;
  uint16_t n;
  while (in.next(&data, &n)) sizes.push_back(n);
  return sizes;
}

TEST(ControlDataInTest, SplitsIntoPacketsAndEndsWithAZeroLengthPacketWhenAsked) {
  static const uint8_t data[200] = {};
  ControlDataIn in;
  in.start(data, 18, false);
  EXPECT_EQ(packets_of(in), (std::vector<uint16_t>{18}));
  EXPECT_FALSE(in.active());
  in.start(data, 130, false);
  EXPECT_EQ(packets_of(in), (std::vector<uint16_t>{64, 64, 2}));
  in.start(data, 128, true);
  EXPECT_EQ(packets_of(in), (std::vector<uint16_t>{64, 64, 0}));
  in.start(data, 128, false);
  EXPECT_EQ(packets_of(in), (std::vector<uint16_t>{64, 64}));
  in.start(nullptr, 0, true);  // a status stage
  EXPECT_EQ(packets_of(in), (std::vector<uint16_t>{0}));
  const uint8_t* p;
  uint16_t n;
  in.start(data, 100, false);
  ASSERT_TRUE(in.next(&p, &n));
  EXPECT_EQ(p, data);
  ASSERT_TRUE(in.next(&p, &n));
  EXPECT_EQ(p, data + 64);
  EXPECT_EQ(n, 36);
  in.start(data, 100, false);
  in.cancel();
  EXPECT_FALSE(in.next(&p, &n));
}

}  // namespace
