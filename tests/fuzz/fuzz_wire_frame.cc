// proto/wire's FrameDecoder over arbitrary link bytes, at the daemon's size and at a tiny size
// (overflow and resynchronisation paths). Properties: every frame fits the buffer, re-encoding
// a decoded frame and decoding it again gives the same frame, the counters add up, and feeding
// the bytes in chunks (push(data, n, &used)) gives the same results as byte by byte.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "fuzz_support.h"
#include "insole/wire/frame.h"

namespace {

using insole::fuzz::check;
namespace wire = insole::wire;

void check_round_trip(std::uint8_t channel, const std::uint8_t* payload, std::size_t size) {
  static std::uint8_t encoded[wire::encoded_size_max(wire::kMaxPayload)];
  const std::size_t n = wire::encode_frame(channel, payload, size, encoded, sizeof encoded);
  check(n > 0 && n <= wire::encoded_size_max(size), "a decoded frame does not encode again");
  check(encoded[n - 1] == wire::kDelimiter, "an encoded frame does not end with the delimiter");
  wire::StaticFrameDecoder<wire::kMaxPayload> again;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    check(again.push(encoded[i]) == wire::DecodeResult::kNeedMore, "frame ended early");
  }
  check(again.push(encoded[n - 1]) == wire::DecodeResult::kFrame, "re-encoded frame rejected");
  check(again.channel() == channel && again.payload_size() == size &&
            (size == 0 || std::memcmp(again.payload(), payload, size) == 0),
        "re-encoded frame decodes differently");
}

template <std::size_t MaxPayload>
void decode_all(const std::uint8_t* data, std::size_t size, bool round_trip) {
  wire::StaticFrameDecoder<MaxPayload> decoder;
  std::uint32_t frames = 0, crc = 0, malformed = 0, overflows = 0;
  for (std::size_t i = 0; i < size; ++i) {
    switch (decoder.push(data[i])) {
      case wire::DecodeResult::kFrame:
        ++frames;
        check(decoder.payload_size() <= MaxPayload, "frame larger than the decoder's buffer");
        if (round_trip)
          check_round_trip(decoder.channel(), decoder.payload(), decoder.payload_size());
        break;
      case wire::DecodeResult::kCrcError:
        ++crc;
        break;
      case wire::DecodeResult::kMalformed:
        ++malformed;
        break;
      case wire::DecodeResult::kOverflow:
        ++overflows;
        break;
      case wire::DecodeResult::kNeedMore:
        break;
    }
  }
  const auto& s = decoder.stats();
  check(s.bytes == size, "stats.bytes is not the number of bytes pushed");
  check(s.frames == frames && s.crc_errors == crc && s.malformed == malformed &&
            s.overflows == overflows,
        "stats disagree with the results push() returned");
  decoder.reset();
  check(decoder.push(wire::kDelimiter) == wire::DecodeResult::kNeedMore,
        "a delimiter after reset() is not an empty packet");
}

// The bulk push over chunks whose sizes come from the input itself gives the byte-by-byte
// results, frames and counters.
template <std::size_t MaxPayload>
void bulk_equals_bytewise(const std::uint8_t* data, std::size_t size) {
  wire::StaticFrameDecoder<MaxPayload> one, bulk;
  std::size_t i = 0, chunk_seed = size;
  while (i < size) {
    chunk_seed = chunk_seed * 1103515245u + 12345u;
    const std::size_t chunk = std::min<std::size_t>(size - i, 1 + (chunk_seed >> 16) % 700);
    std::size_t taken = 0;
    while (taken < chunk) {
      std::size_t used = 0;
      const wire::DecodeResult got = bulk.push(data + i + taken, chunk - taken, &used);
      check(used > 0 && used <= chunk - taken, "bulk push took no bytes or too many");
      // The byte-by-byte decoder must reach the same result at the same byte.
      wire::DecodeResult want = wire::DecodeResult::kNeedMore;
      for (std::size_t k = 0; k < used; ++k) {
        want = one.push(data[i + taken + k]);
        check(k + 1 == used || want == wire::DecodeResult::kNeedMore,
              "bulk push ran past a result");
      }
      check(got == want, "bulk push and push() disagree");
      if (got == wire::DecodeResult::kFrame)
        check(bulk.channel() == one.channel() && bulk.payload_size() == one.payload_size() &&
                  std::memcmp(bulk.payload(), one.payload(), one.payload_size()) == 0,
              "bulk push decoded another frame");
      taken += used;
    }
    i += chunk;
  }
  const auto& a = one.stats();
  const auto& b = bulk.stats();
  check(a.bytes == b.bytes && a.frames == b.frames && a.crc_errors == b.crc_errors &&
            a.malformed == b.malformed && a.overflows == b.overflows,
        "bulk push counts differently");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  decode_all<wire::kMaxPayload>(data, size, true);
  decode_all<8>(data, size, true);
  bulk_equals_bytewise<wire::kMaxPayload>(data, size);
  bulk_equals_bytewise<8>(data, size);
  return 0;
}
