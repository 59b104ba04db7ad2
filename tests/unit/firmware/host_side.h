// The host's end of the wire in firmware tests: commands framed as the daemon frames them, and
// the device's replies decoded with the host's libprotobuf (so nanopb on the device and
// libprotobuf on the host are checked against each other).
#ifndef INSOLE_TESTS_UNIT_FIRMWARE_HOST_SIDE_H_
#define INSOLE_TESTS_UNIT_FIRMWARE_HOST_SIDE_H_

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "device_fakes.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"

namespace insole::fw::testing {

class HostSide {
 public:
  // Queues the command, framed on channel 1, for the device to read.
  static void send(FakeLink& link, insole::v1::Command command, uint32_t request_id) {
    command.set_request_id(request_id);
    const std::string payload = command.SerializeAsString();
    std::vector<uint8_t> out(wire::encoded_size_max(payload.size()));
    const size_t n = wire::encode_frame(1, reinterpret_cast<const uint8_t*>(payload.data()),
                                        payload.size(), out.data(), out.size());
    link.rx.insert(link.rx.end(), out.begin(), out.begin() + static_cast<long>(n));
  }

  // Every message the device wrote since the last call (the link's output is consumed).
  std::vector<insole::v1::DeviceMessage> replies(FakeLink& link) {
    std::vector<insole::v1::DeviceMessage> out;
    for (uint8_t b : link.tx) {
      if (decoder_.push(b) != wire::DecodeResult::kFrame || decoder_.channel() != 1) continue;
      insole::v1::DeviceMessage m;
      EXPECT_TRUE(m.ParseFromArray(decoder_.payload(), static_cast<int>(decoder_.payload_size())));
      out.push_back(m);
    }
    link.tx.clear();
    return out;
  }

 private:
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder_;
};

}  // namespace insole::fw::testing

#endif  // INSOLE_TESTS_UNIT_FIRMWARE_HOST_SIDE_H_
