// COBS framing (Cheshire & Baker, IEEE/ACM ToN 1999) with a channel byte and a CRC-32 trailer.
// See docs/protocol.md for the byte layout and the decoder's behaviour on damaged input.
#include "insole/wire/frame.h"

#include <string.h>

#include "insole/wire/crc32.h"

namespace insole::wire {
namespace {

// A COBS block holds at most 254 data bytes; code 0xFF means "254 bytes, no implicit zero".
constexpr uint8_t kMaxCode = 0xFF;

// Streaming COBS encoder into a bounded buffer. Emits the canonical (shortest) encoding: a full
// 0xFF block is closed only when another byte follows, so a message ending exactly on a block
// boundary gets no extra 0x01 code (same output as the common reference implementations).
class CobsWriter {
 public:
  CobsWriter(uint8_t* out, size_t capacity) : out_(out), capacity_(capacity) {
    if (out_ == nullptr || capacity_ == 0) {
      failed_ = true;
    } else {
      pos_ = 1;  // out_[0] is the first block's code byte, filled in when the block closes
    }
  }

  void put(uint8_t byte) {
    if (code_ == kMaxCode) {
      close_block();
    }
    if (byte == 0) {
      close_block();
    } else {
      write(byte);
      ++code_;
    }
  }

  void put(const uint8_t* data, size_t n) {
    for (size_t i = 0; i < n && !failed_; ++i) {
      put(data[i]);
    }
  }

  // Closes the last block, appends the delimiter; returns the encoded size or 0 on overflow.
  size_t finish() {
    if (failed_) {
      return 0;
    }
    out_[code_pos_] = code_;
    write(kDelimiter);
    return failed_ ? 0 : pos_;
  }

 private:
  void write(uint8_t byte) {
    if (failed_ || pos_ >= capacity_) {
      failed_ = true;
      return;
    }
    out_[pos_++] = byte;
  }

  void close_block() {
    if (failed_) {
      return;
    }
    out_[code_pos_] = code_;
    if (pos_ >= capacity_) {
      failed_ = true;
      return;
    }
    code_pos_ = pos_++;
    code_ = 1;
  }

  uint8_t* out_;
  size_t capacity_;
  size_t pos_ = 0;       // next byte to write
  size_t code_pos_ = 0;  // where the current block's code byte goes
  uint8_t code_ = 1;     // 1 + data bytes in the current block
  bool failed_ = false;
};

}  // namespace

size_t encode_frame(uint8_t channel, const uint8_t* payload, size_t payload_size, uint8_t* out,
                    size_t out_capacity) {
  if (payload == nullptr && payload_size != 0) {
    return 0;
  }
  uint32_t crc = crc32(&channel, kChannelSize);
  crc = crc32(payload, payload_size, crc);
  const uint8_t crc_le[kCrcSize] = {
      static_cast<uint8_t>(crc),
      static_cast<uint8_t>(crc >> 8),
      static_cast<uint8_t>(crc >> 16),
      static_cast<uint8_t>(crc >> 24),
  };

  CobsWriter writer(out, out_capacity);
  writer.put(channel);
  writer.put(payload, payload_size);
  writer.put(crc_le, kCrcSize);
  return writer.finish();
}

FrameDecoder::FrameDecoder(uint8_t* buffer, size_t capacity)
    : buffer_(buffer), capacity_(buffer == nullptr ? 0 : capacity) {}

void FrameDecoder::reset() {
  length_ = 0;
  block_left_ = 0;
  block_zero_ = false;
  in_packet_ = false;
  discarding_ = false;
  frame_size_ = 0;
}

// Decoding state per packet: each COBS block starts with a code byte c (1..255) followed by
// c-1 data bytes; a block with c < 255 ends with a zero, except the last block of the packet.
// That zero is therefore written only when the next code byte arrives (block_zero_ remembers
// it), so the packet's final implicit zero is never stored and never counts toward capacity.
DecodeResult FrameDecoder::push(uint8_t byte) {
  ++stats_.bytes;
  frame_size_ = 0;  // the previous frame (if any) is no longer valid

  if (byte == kDelimiter) {
    const bool was_packet = in_packet_;
    const bool was_discarding = discarding_;
    const bool block_complete = block_left_ == 0;
    const size_t length = length_;
    reset();
    if (was_discarding || !was_packet) {
      // End of an overflowed packet (already reported), or an empty packet: nothing to report.
      return DecodeResult::kNeedMore;
    }
    if (!block_complete || length < kChannelSize + kCrcSize) {
      ++stats_.malformed;
      return DecodeResult::kMalformed;
    }
    const size_t body = length - kCrcSize;
    const uint32_t received = static_cast<uint32_t>(buffer_[body]) |
                              static_cast<uint32_t>(buffer_[body + 1]) << 8 |
                              static_cast<uint32_t>(buffer_[body + 2]) << 16 |
                              static_cast<uint32_t>(buffer_[body + 3]) << 24;
    if (crc32(buffer_, body) != received) {
      ++stats_.crc_errors;
      return DecodeResult::kCrcError;
    }
    ++stats_.frames;
    frame_size_ = body;
    return DecodeResult::kFrame;
  }

  if (discarding_) {
    return DecodeResult::kNeedMore;
  }
  in_packet_ = true;

  uint8_t decoded;
  if (block_left_ == 0) {
    // Code byte: opens a new block, so the previous block's implicit zero (if any) is real.
    const bool zero_pending = block_zero_;
    block_left_ = static_cast<uint8_t>(byte - 1);
    block_zero_ = byte != kMaxCode;
    if (!zero_pending) {
      return DecodeResult::kNeedMore;
    }
    decoded = 0;
  } else {
    --block_left_;
    decoded = byte;
  }

  if (length_ >= capacity_) {
    reset();
    discarding_ = true;
    in_packet_ = true;
    ++stats_.overflows;
    return DecodeResult::kOverflow;
  }
  buffer_[length_++] = decoded;
  return DecodeResult::kNeedMore;
}

DecodeResult FrameDecoder::push(const uint8_t* data, size_t n, size_t* used) {
  size_t i = 0;
  while (i < n) {
    // Inside a block with room left: its data bytes are copied as they are, up to the block's
    // end, the buffer's end or a delimiter (which push() then handles with everything else).
    if (!discarding_ && block_left_ > 0 && length_ < capacity_) {
      size_t run = n - i;
      if (run > block_left_) run = block_left_;
      if (run > capacity_ - length_) run = capacity_ - length_;
      const void* zero = memchr(data + i, kDelimiter, run);
      if (zero != nullptr)
        run = static_cast<size_t>(static_cast<const uint8_t*>(zero) - (data + i));
      if (run > 0) {
        memcpy(buffer_ + length_, data + i, run);
        length_ += run;
        block_left_ = static_cast<uint8_t>(block_left_ - run);
        stats_.bytes += static_cast<uint32_t>(run);
        frame_size_ = 0;
        i += run;
        continue;
      }
    }
    const DecodeResult result = push(data[i++]);
    if (result != DecodeResult::kNeedMore) {
      *used = i;
      return result;
    }
  }
  *used = n;
  return DecodeResult::kNeedMore;
}

uint8_t FrameDecoder::channel() const { return frame_size_ == 0 ? 0 : buffer_[0]; }

const uint8_t* FrameDecoder::payload() const {
  return buffer_ == nullptr ? nullptr : buffer_ + kChannelSize;
}

size_t FrameDecoder::payload_size() const {
  return frame_size_ == 0 ? 0 : frame_size_ - kChannelSize;
}

}  // namespace insole::wire
