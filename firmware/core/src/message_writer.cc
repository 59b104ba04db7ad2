#include "insole/fw/message_writer.h"

#include <string.h>

#include "pb_encode.h"

namespace insole::fw {

static_assert(insole_v1_DeviceMessage_size <= wire::kMaxPayload,
              "a DeviceMessage must fit the framing layer's largest payload");

bool MessageWriter::send(const insole_v1_DeviceMessage& msg) {
  pb_ostream_t stream = pb_ostream_from_buffer(payload_, sizeof(payload_));
  if (!pb_encode(&stream, insole_v1_DeviceMessage_fields, &msg)) {
    ++dropped_;
    return false;
  }
  return send_frame(wire::Channel::kProtocol, payload_, stream.bytes_written);
}

bool MessageWriter::log(const char* text) {
  size_t n = strlen(text);
  if (n > sizeof(payload_)) n = sizeof(payload_);
  return send_frame(wire::Channel::kLog, reinterpret_cast<const uint8_t*>(text), n);
}

bool MessageWriter::send_frame(wire::Channel channel, const uint8_t* payload, size_t size) {
  // A leading delimiter isolates every frame: if the previous frame's trailing 0x00 was lost on
  // the line, only that frame is lost, not this one too (docs/protocol.md).
  encoded_[0] = wire::kDelimiter;
  const size_t n = wire::encode_frame(static_cast<uint8_t>(channel), payload, size, encoded_ + 1,
                                      sizeof(encoded_) - 1);
  if (n == 0 || !link_.write(encoded_, n + 1)) {
    ++dropped_;
    return false;
  }
  ++sent_;
  return true;
}

}  // namespace insole::fw
