// insole link framing: COBS-encoded packets delimited by 0x00, each carrying
//   [channel: 1 byte][payload: n bytes][CRC-32 of channel+payload: 4 bytes little-endian]
// See docs/protocol.md for why COBS + CRC-32 and how the decoder resynchronises.
//
// One implementation for firmware, daemon, simulator and tools. Freestanding C++17: no heap,
// no exceptions, no standard library beyond C headers; buffers are owned by the caller and
// sized at compile time.
#ifndef INSOLE_WIRE_FRAME_H_
#define INSOLE_WIRE_FRAME_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::wire {

inline constexpr uint8_t kDelimiter = 0x00;
inline constexpr size_t kChannelSize = 1;
inline constexpr size_t kCrcSize = 4;
// Largest payload any insole peer sends; decoders may be sized smaller.
inline constexpr size_t kMaxPayload = 512;

// Logical channels multiplexed on one link.
enum class Channel : uint8_t {
  kProtocol = 0x01,  // protobuf: insole.v1.Command (host->device) / DeviceMessage (device->host)
  kLog = 0x02,       // UTF-8 text log lines from the device
  kSenselInjection = 0x03,  // simulator->emulated board only: packed 12-bit raw sensel counts
};

// Bytes needed to encode a frame with `payload_size` payload bytes, delimiter included.
// COBS adds one byte per 254 bytes of input, plus the leading code byte.
constexpr size_t encoded_size_max(size_t payload_size) {
  const size_t raw = kChannelSize + payload_size + kCrcSize;
  return raw + raw / 254 + 1 + 1;
}

// Encodes one frame into out[0..out_capacity). Returns the number of bytes written
// (ending with kDelimiter), or 0 if out_capacity is too small (nothing useful written).
size_t encode_frame(uint8_t channel, const uint8_t* payload, size_t payload_size, uint8_t* out,
                    size_t out_capacity);

// Result of feeding one byte to a FrameDecoder.
enum class DecodeResult : uint8_t {
  kNeedMore,   // no complete frame yet
  kFrame,      // a valid frame is available through channel()/payload()/payload_size()
  kCrcError,   // a delimited packet failed its CRC; dropped
  kMalformed,  // a delimited packet was not valid COBS or was shorter than channel + CRC; dropped
  kOverflow,   // a packet exceeded the buffer; its bytes are discarded up to the next delimiter
};

// Counters a link reports; a decoder only ever increments them.
struct DecodeStats {
  uint32_t frames = 0;
  uint32_t crc_errors = 0;
  uint32_t malformed = 0;
  uint32_t overflows = 0;
  uint32_t bytes = 0;  // every byte pushed
};

// Streaming decoder over a caller-owned buffer. Feed bytes one at a time as they arrive; it
// decodes COBS in place and never blocks. After garbage, a lost byte or a truncated frame it
// resynchronises on the next delimiter, so at most the damaged frame is lost; if the damage hid
// that frame's delimiter (garbage just before a frame, a lost or corrupted 0x00) the following
// frame is lost too, unless the sender leads it with an extra 0x00 (see docs/protocol.md).
class FrameDecoder {
 public:
  // buffer must hold the largest accepted channel + payload + CRC and outlive the decoder.
  FrameDecoder(uint8_t* buffer, size_t capacity);

  DecodeResult push(uint8_t byte);
  // Feeds data[0..n) until a result other than kNeedMore or the end of the bytes; *used is how
  // many were taken (feed the rest next). Same results and counters as push() byte by byte,
  // but copies the data bytes of a COBS block at once: a daemon reads thousands of frames a
  // second per insole, and many times that when it imports a capture.
  DecodeResult push(const uint8_t* data, size_t n, size_t* used);

  // Valid only right after push() returned kFrame, until the next push().
  uint8_t channel() const;
  const uint8_t* payload() const;
  size_t payload_size() const;

  const DecodeStats& stats() const { return stats_; }
  // Drops any partial packet (e.g. after the link was reopened).
  void reset();

 private:
  uint8_t* buffer_;
  size_t capacity_;
  size_t length_ = 0;        // decoded bytes held for the current packet
  uint8_t block_left_ = 0;   // encoded bytes left in the current COBS block
  bool block_zero_ = false;  // the current block ends with an implicit zero
  bool in_packet_ = false;   // at least one byte of the current packet seen
  bool discarding_ = false;  // overflowed: skip to the next delimiter
  size_t frame_size_ = 0;    // channel + payload of the last good frame
  DecodeStats stats_;
};

// FrameDecoder with its own storage for payloads up to MaxPayload bytes.
template <size_t MaxPayload>
class StaticFrameDecoder : public FrameDecoder {
 public:
  StaticFrameDecoder() : FrameDecoder(storage_, sizeof(storage_)) {}
  StaticFrameDecoder(const StaticFrameDecoder&) = delete;
  StaticFrameDecoder& operator=(const StaticFrameDecoder&) = delete;

 private:
  uint8_t storage_[kChannelSize + MaxPayload + kCrcSize];
};

}  // namespace insole::wire

#endif  // INSOLE_WIRE_FRAME_H_
