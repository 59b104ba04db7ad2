// Encodes insole.v1.DeviceMessage with nanopb and frames it on the protocol channel; also frames
// plain text on the log channel. Owns one static scratch buffer sized for the largest message.
#ifndef INSOLE_FW_MESSAGE_WRITER_H_
#define INSOLE_FW_MESSAGE_WRITER_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/byte_link.h"
#include "insole/v1/control.nanopb.h"
#include "insole/wire/frame.h"

namespace insole::fw {

class MessageWriter {
 public:
  explicit MessageWriter(hal::ByteLink& link) : link_(link) {}

  // Encodes and sends msg; false if it did not fit or the link refused it (counted as dropped).
  bool send(const insole_v1_DeviceMessage& msg);
  // Sends a log line (no newline needed) on the log channel.
  bool log(const char* text);

  uint32_t sent() const { return sent_; }
  uint32_t dropped() const { return dropped_; }

 private:
  bool send_frame(wire::Channel channel, const uint8_t* payload, size_t size);

  static constexpr size_t kMaxMessage = insole_v1_DeviceMessage_size;
  hal::ByteLink& link_;
  uint8_t payload_[kMaxMessage];
  uint8_t encoded_[1 + wire::encoded_size_max(kMaxMessage)];  // leading delimiter + frame
  uint32_t sent_ = 0;
  uint32_t dropped_ = 0;
};

}  // namespace insole::fw

#endif  // INSOLE_FW_MESSAGE_WRITER_H_
