// A scripted insole at the protocol level, independent of the transport: answers Commands the
// way the firmware does (info, ack, frames on start_streaming) and encodes DeviceMessages into
// frames (insole/wire). The link tests put it behind a pty and behind the emulated USB device.
#ifndef INSOLE_TESTS_UNIT_LINK_SCRIPTED_INSOLE_H_
#define INSOLE_TESTS_UNIT_LINK_SCRIPTED_INSOLE_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "insole/protocol_version.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"
#include "insole/wire/readings.h"

namespace insole::testing {

inline constexpr std::uint32_t kScriptedSensels = 64;

inline insole::v1::DeviceMessage scripted_info(const std::string& serial) {
  insole::v1::DeviceMessage m;
  auto* info = m.mutable_info();
  info->set_protocol_major(kProtocolMajor);
  info->set_protocol_minor(kProtocolMinor);
  info->set_firmware_version("0.0.0-test");
  info->set_serial_number(serial);
  info->set_side(serial.rfind("R", 0) == 0 ? insole::v1::SIDE_RIGHT : insole::v1::SIDE_LEFT);
  info->set_grid_id("eu42-r1");  // a layout insoled knows (64 sensels)
  info->set_sensel_count(kScriptedSensels);
  info->set_sample_rate_hz(200);
  info->set_adc_bits(12);
  info->set_newtons_per_count(0.1f);
  info->set_board("test");
  return m;
}

// Frame `sequence`: sensel i reads (sequence + i) % 4096.
inline insole::v1::DeviceMessage scripted_frame(std::uint32_t sequence) {
  std::array<std::uint16_t, kScriptedSensels> counts{};
  for (std::uint32_t i = 0; i < kScriptedSensels; ++i)
    counts[i] = static_cast<std::uint16_t>((sequence + i) % 4096);
  std::array<std::uint8_t, wire::packed_readings_size(kScriptedSensels)> packed{};
  wire::pack_readings(counts.data(), counts.size(), packed.data(), packed.size());
  insole::v1::DeviceMessage m;
  auto* f = m.mutable_frame();
  f->set_sequence(sequence);
  f->set_device_time_us(5000ull * sequence);
  f->set_readings(std::string(packed.begin(), packed.end()));
  return m;
}

// One encoded frame with a leading delimiter, as the firmware sends it.
inline std::vector<std::uint8_t> encode_message(const insole::v1::DeviceMessage& m) {
  const std::string payload = m.SerializeAsString();
  std::vector<std::uint8_t> out(1 + wire::encoded_size_max(payload.size()), wire::kDelimiter);
  const std::size_t n = wire::encode_frame(static_cast<std::uint8_t>(wire::Channel::kProtocol),
                                           reinterpret_cast<const std::uint8_t*>(payload.data()),
                                           payload.size(), out.data() + 1, out.size() - 1);
  out.resize(n + 1);
  return out;
}

// The replies to one command: frames_on_start frames follow the ack of start_streaming.
inline std::vector<insole::v1::DeviceMessage> scripted_answer(const insole::v1::Command& c,
                                                              const std::string& serial,
                                                              std::uint32_t frames_on_start,
                                                              std::uint32_t first_sequence = 0) {
  std::vector<insole::v1::DeviceMessage> out;
  insole::v1::DeviceMessage ack;
  ack.mutable_ack();
  ack.set_in_reply_to(c.request_id());
  if (c.has_request_info()) {
    out.push_back(scripted_info(serial));
    out.back().set_in_reply_to(c.request_id());
  } else if (c.has_start_streaming()) {
    out.push_back(ack);
    for (std::uint32_t i = 0; i < frames_on_start; ++i)
      out.push_back(scripted_frame(first_sequence + i));
  } else {
    out.push_back(ack);
  }
  return out;
}

// Turns the host's bytes back into Commands.
class CommandDecoder {
 public:
  std::vector<insole::v1::Command> push(const std::vector<std::uint8_t>& bytes) {
    std::vector<insole::v1::Command> out;
    for (std::uint8_t b : bytes) {
      if (decoder_.push(b) != wire::DecodeResult::kFrame) continue;
      insole::v1::Command c;
      if (c.ParseFromArray(decoder_.payload(), static_cast<int>(decoder_.payload_size())))
        out.push_back(c);
    }
    return out;
  }

 private:
  wire::StaticFrameDecoder<wire::kMaxPayload> decoder_;
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_UNIT_LINK_SCRIPTED_INSOLE_H_
