// Tests for insole_wire: CRC-32, COBS frame encoding and the streaming FrameDecoder.
// Expected bytes come from proto/wire/vectors/frames.txt (generated independently of this code).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/wire/crc32.h"
#include "insole/wire/frame.h"

namespace insole::wire {

// Readable names in assertion messages.
void PrintTo(DecodeResult r, std::ostream* os) {
  switch (r) {
    case DecodeResult::kNeedMore:
      *os << "kNeedMore";
      return;
    case DecodeResult::kFrame:
      *os << "kFrame";
      return;
    case DecodeResult::kCrcError:
      *os << "kCrcError";
      return;
    case DecodeResult::kMalformed:
      *os << "kMalformed";
      return;
    case DecodeResult::kOverflow:
      *os << "kOverflow";
      return;
  }
  *os << "DecodeResult(" << static_cast<int>(r) << ")";
}

namespace {

using Bytes = std::vector<uint8_t>;

struct Frame {
  uint8_t channel = 0;
  Bytes payload;
  bool operator==(const Frame&) const = default;
};

// Everything a decoder reported while being fed some bytes.
struct Outcome {
  std::vector<Frame> frames;
  std::vector<DecodeResult> events;  // every result other than kNeedMore, in order
};

void feed(FrameDecoder& decoder, const uint8_t* data, size_t n, Outcome& out) {
  for (size_t i = 0; i < n; ++i) {
    const DecodeResult r = decoder.push(data[i]);
    if (r == DecodeResult::kNeedMore) {
      continue;
    }
    out.events.push_back(r);
    if (r == DecodeResult::kFrame) {
      out.frames.push_back({decoder.channel(),
                            Bytes(decoder.payload(), decoder.payload() + decoder.payload_size())});
    }
  }
}

// The same through the bulk push(data, n, &used).
void feed_bulk(FrameDecoder& decoder, const uint8_t* data, size_t n, Outcome& out) {
  for (size_t i = 0; i < n;) {
    size_t used = 0;
    const DecodeResult r = decoder.push(data + i, n - i, &used);
    ASSERT_GT(used, 0u);
    ASSERT_LE(used, n - i);
    i += used;
    if (r == DecodeResult::kNeedMore) {
      ASSERT_EQ(i, n) << "kNeedMore before the bytes ran out";
      continue;
    }
    out.events.push_back(r);
    if (r == DecodeResult::kFrame) {
      out.frames.push_back({decoder.channel(),
                            Bytes(decoder.payload(), decoder.payload() + decoder.payload_size())});
    }
  }
}

void feed(FrameDecoder& decoder, const Bytes& bytes, Outcome& out) {
  feed(decoder, bytes.data(), bytes.size(), out);
}

Outcome decode_all(const Bytes& bytes) {
  StaticFrameDecoder<kMaxPayload> decoder;
  Outcome out;
  feed(decoder, bytes, out);
  return out;
}

uint32_t errors(const DecodeStats& s) { return s.crc_errors + s.malformed + s.overflows; }

Bytes encode(uint8_t channel, const Bytes& payload) {
  Bytes out(encoded_size_max(payload.size()));
  const size_t n = encode_frame(channel, payload.data(), payload.size(), out.data(), out.size());
  EXPECT_GT(n, 0u) << "encode failed for payload of " << payload.size();
  out.resize(n);
  return out;
}

Bytes from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) {
    throw std::runtime_error("odd hex length: " + hex);
  }
  Bytes out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

void append(Bytes& to, const Bytes& from) { to.insert(to.end(), from.begin(), from.end()); }

Bytes random_bytes(std::mt19937& rng, size_t n, bool allow_zero) {
  Bytes out(n);
  std::uniform_int_distribution<int> byte(allow_zero ? 0 : 1, 255);
  for (auto& b : out) {
    b = static_cast<uint8_t>(byte(rng));
  }
  return out;
}

// Random payloads with a mix of zero densities, since zeros drive COBS block boundaries.
Bytes random_payload(std::mt19937& rng, size_t n) {
  const int kind = std::uniform_int_distribution<int>(0, 3)(rng);
  Bytes out(n);
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> percent(0, 99);
  for (auto& b : out) {
    switch (kind) {
      case 0:
        b = static_cast<uint8_t>(byte(rng));
        break;  // uniform
      case 1:
        b = static_cast<uint8_t>(1 + byte(rng) % 255);
        break;  // no zero
      case 2:
        b = percent(rng) < 80 ? 0 : static_cast<uint8_t>(byte(rng));
        break;  // mostly 0
      default:
        b = percent(rng) < 1 ? 0 : static_cast<uint8_t>(1 + byte(rng) % 255);
        break;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Shared vectors (format documented in frames.txt and docs/protocol.md).

Bytes payload_from_spec(const std::string& spec) {
  auto count = [&](size_t prefix) { return static_cast<size_t>(std::stoul(spec.substr(prefix))); };
  Bytes out;
  if (spec == "-") {
    return out;
  }
  if (spec.rfind("nz:", 0) == 0) {
    for (size_t i = 0, n = count(3); i < n; ++i) out.push_back(static_cast<uint8_t>(i % 255 + 1));
    return out;
  }
  if (spec.rfind("seq:", 0) == 0) {
    for (size_t i = 0, n = count(4); i < n; ++i) out.push_back(static_cast<uint8_t>(i % 256));
    return out;
  }
  if (spec.rfind("fill:", 0) == 0) {
    const size_t colon = spec.find(':', 5);
    if (colon == std::string::npos) throw std::runtime_error("bad fill spec: " + spec);
    const size_t n = std::stoul(spec.substr(5, colon - 5));
    return Bytes(n, from_hex(spec.substr(colon + 1)).at(0));
  }
  return from_hex(spec);
}

struct Vector {
  std::string kind;  // frame | decode | reject
  std::string name;
  uint8_t channel = 0;
  Bytes payload;
  uint32_t crc = 0;
  std::string result;  // reject only
  Bytes encoded;
};

std::vector<Vector> load_vectors() {
  std::ifstream file(INSOLE_WIRE_VECTORS);
  if (!file) {
    throw std::runtime_error("cannot open " INSOLE_WIRE_VECTORS);
  }
  std::vector<Vector> vectors;
  std::string line;
  int line_no = 0;
  while (std::getline(file, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream in(line);
    Vector v;
    std::string channel, payload, crc, encoded, extra;
    in >> v.kind >> v.name;
    if (v.kind == "frame") {
      in >> channel >> payload >> crc >> encoded;
    } else if (v.kind == "decode") {
      in >> channel >> payload >> encoded;
    } else if (v.kind == "reject") {
      in >> v.result >> encoded;
    }
    if (!in || encoded.empty() || (in >> extra)) {
      throw std::runtime_error("frames.txt:" + std::to_string(line_no) + ": bad line: " + line);
    }
    if (!channel.empty()) v.channel = from_hex(channel).at(0);
    if (!payload.empty()) v.payload = payload_from_spec(payload);
    if (!crc.empty()) v.crc = static_cast<uint32_t>(std::stoul(crc, nullptr, 16));
    v.encoded = from_hex(encoded);
    vectors.push_back(std::move(v));
  }
  return vectors;
}

const std::vector<Vector>& vectors() {
  static const std::vector<Vector> all = load_vectors();
  return all;
}

size_t count_kind(const std::string& kind) {
  return static_cast<size_t>(std::count_if(vectors().begin(), vectors().end(),
                                           [&](const Vector& v) { return v.kind == kind; }));
}

// ---------------------------------------------------------------------------------------------
// CRC-32

TEST(Crc32, CheckValue) {
  const char* msg = "123456789";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(msg), 9), 0xCBF43926u);
}

TEST(Crc32, KnownValuesAndEmpty) {
  EXPECT_EQ(crc32(nullptr, 0), 0u);
  const char* fox = "The quick brown fox jumps over the lazy dog";
  EXPECT_EQ(crc32(reinterpret_cast<const uint8_t*>(fox), std::strlen(fox)), 0x414FA339u);
  const uint8_t zero = 0;
  EXPECT_EQ(crc32(&zero, 1), 0xD202EF8Du);
}

TEST(Crc32, ContinuationEqualsOneShot) {
  std::mt19937 rng(7);
  const Bytes data = random_bytes(rng, 1000, true);
  const uint32_t whole = crc32(data.data(), data.size());
  for (size_t split : {size_t{0}, size_t{1}, size_t{3}, size_t{500}, size_t{999}, size_t{1000}}) {
    const uint32_t first = crc32(data.data(), split);
    EXPECT_EQ(crc32(data.data() + split, data.size() - split, first), whole) << "split " << split;
  }
}

// ---------------------------------------------------------------------------------------------
// Vectors

TEST(Vectors, FileHasTheExpectedCoverage) {
  EXPECT_GE(count_kind("frame"), 12u);
  EXPECT_GE(count_kind("decode"), 1u);
  EXPECT_GE(count_kind("reject"), 4u);
  for (const Vector& v : vectors()) {
    EXPECT_TRUE(v.kind == "frame" || v.kind == "decode" || v.kind == "reject") << v.name;
  }
  // The payload sizes around COBS block boundaries and the maximum must be present.
  for (size_t size : {size_t{0}, size_t{253}, size_t{254}, size_t{255}, size_t{508}, kMaxPayload}) {
    EXPECT_TRUE(
        std::any_of(vectors().begin(), vectors().end(),
                    [&](const Vector& v) { return v.kind == "frame" && v.payload.size() == size; }))
        << "no frame vector with a payload of " << size << " bytes";
  }
}

TEST(Vectors, CrcMatches) {
  for (const Vector& v : vectors()) {
    if (v.kind != "frame") continue;
    SCOPED_TRACE(v.name);
    uint32_t crc = crc32(&v.channel, 1);
    crc = crc32(v.payload.data(), v.payload.size(), crc);
    EXPECT_EQ(crc, v.crc);
  }
}

TEST(Vectors, EncodeMatches) {
  for (const Vector& v : vectors()) {
    if (v.kind != "frame") continue;
    SCOPED_TRACE(v.name);
    EXPECT_LE(v.encoded.size(), encoded_size_max(v.payload.size()));
    // Exact capacity suffices; one byte less does not.
    Bytes out(v.encoded.size());
    ASSERT_EQ(encode_frame(v.channel, v.payload.data(), v.payload.size(), out.data(), out.size()),
              v.encoded.size());
    EXPECT_EQ(out, v.encoded);
    EXPECT_EQ(
        encode_frame(v.channel, v.payload.data(), v.payload.size(), out.data(), out.size() - 1),
        0u);
  }
}

TEST(Vectors, DecodeMatches) {
  for (const Vector& v : vectors()) {
    if (v.kind != "frame" && v.kind != "decode") continue;
    SCOPED_TRACE(v.name);
    StaticFrameDecoder<kMaxPayload> decoder;
    for (size_t i = 0; i + 1 < v.encoded.size(); ++i) {
      ASSERT_EQ(decoder.push(v.encoded[i]), DecodeResult::kNeedMore) << "byte " << i;
    }
    ASSERT_EQ(decoder.push(v.encoded.back()), DecodeResult::kFrame);
    EXPECT_EQ(decoder.channel(), v.channel);
    EXPECT_EQ(Bytes(decoder.payload(), decoder.payload() + decoder.payload_size()), v.payload);
    EXPECT_EQ(decoder.stats().frames, 1u);
    EXPECT_EQ(errors(decoder.stats()), 0u);
    EXPECT_EQ(decoder.stats().bytes, v.encoded.size());
  }
}

TEST(Vectors, RejectsAreReported) {
  for (const Vector& v : vectors()) {
    if (v.kind != "reject") continue;
    SCOPED_TRACE(v.name);
    StaticFrameDecoder<kMaxPayload> decoder;
    Outcome out;
    feed(decoder, v.encoded, out);
    ASSERT_EQ(out.events.size(), 1u);
    if (v.result == "crc") {
      EXPECT_EQ(out.events[0], DecodeResult::kCrcError);
      EXPECT_EQ(decoder.stats().crc_errors, 1u);
    } else if (v.result == "malformed") {
      EXPECT_EQ(out.events[0], DecodeResult::kMalformed);
      EXPECT_EQ(decoder.stats().malformed, 1u);
    } else {
      ADD_FAILURE() << "unknown result " << v.result;
    }
    EXPECT_EQ(errors(decoder.stats()), 1u);
    EXPECT_EQ(decoder.stats().frames, 0u);
  }
}

TEST(Vectors, AllVectorsAsOneStream) {
  Bytes stream;
  std::vector<Frame> expected;
  size_t rejects = 0;
  for (const Vector& v : vectors()) {
    append(stream, v.encoded);
    if (v.kind == "reject") {
      ++rejects;
    } else {
      expected.push_back({v.channel, v.payload});
    }
  }
  StaticFrameDecoder<kMaxPayload> decoder;
  Outcome out;
  feed(decoder, stream, out);
  EXPECT_EQ(out.frames, expected);
  EXPECT_EQ(errors(decoder.stats()), rejects);
  EXPECT_EQ(decoder.stats().bytes, stream.size());
}

// ---------------------------------------------------------------------------------------------
// Encoder

TEST(Encode, RoundTripRandomPayloads) {
  std::mt19937 rng(20240601);
  std::uniform_int_distribution<size_t> size(0, kMaxPayload);
  StaticFrameDecoder<kMaxPayload> decoder;
  for (int i = 0; i < 3000; ++i) {
    const size_t n = i < 4 ? (i == 0 ? 0 : kMaxPayload) : size(rng);
    const Bytes payload = random_payload(rng, n);
    const uint8_t channel = static_cast<uint8_t>(rng() & 0xFF);
    const Bytes frame = encode(channel, payload);
    SCOPED_TRACE("iteration " + std::to_string(i) + ", payload " + std::to_string(n));
    ASSERT_FALSE(frame.empty());
    ASSERT_LE(frame.size(), encoded_size_max(n));
    ASSERT_GE(frame.size(), kChannelSize + n + kCrcSize + 2);  // code byte + delimiter at least
    EXPECT_EQ(frame.back(), kDelimiter);
    EXPECT_EQ(std::count(frame.begin(), frame.end(), kDelimiter), 1) << "0x00 inside frame";

    Outcome out;
    feed(decoder, frame, out);
    ASSERT_EQ(out.events.size(), 1u);
    ASSERT_EQ(out.frames.size(), 1u);
    EXPECT_EQ(out.frames[0], (Frame{channel, payload}));
  }
  EXPECT_EQ(decoder.stats().frames, 3000u);
  EXPECT_EQ(errors(decoder.stats()), 0u);
}

TEST(Encode, SizeMaxIsAnUpperBound) {
  std::mt19937 rng(99);
  for (size_t n = 0; n <= kMaxPayload; ++n) {
    for (int trial = 0; trial < 4; ++trial) {
      // Zero-free payloads are the worst case for COBS; random ones cover the rest.
      const Bytes payload = trial == 0 ? Bytes(n, 0x5A) : random_payload(rng, n);
      Bytes out(encoded_size_max(n) + 8, 0xEE);
      const size_t written = encode_frame(0x01, payload.data(), n, out.data(), encoded_size_max(n));
      ASSERT_GT(written, 0u) << "payload " << n;
      ASSERT_LE(written, encoded_size_max(n)) << "payload " << n;
      for (size_t i = encoded_size_max(n); i < out.size(); ++i) {
        ASSERT_EQ(out[i], 0xEE) << "wrote past capacity, payload " << n;
      }
    }
  }
  // And the bound is tight up to the one byte COBS saves when a block ends with the data.
  const Bytes worst(253, 0x5A);  // channel + 253 = 254 non-zero bytes, then the CRC
  EXPECT_GE(encode(0x01, worst).size() + 1, encoded_size_max(253));
}

TEST(Encode, ReturnsZeroWhenOutputTooSmall) {
  std::mt19937 rng(3);
  for (size_t n :
       {size_t{0}, size_t{1}, size_t{10}, size_t{253}, size_t{254}, size_t{300}, kMaxPayload}) {
    const Bytes payload = random_payload(rng, n);
    const size_t exact = encode(0x02, payload).size();
    for (size_t cap = 0; cap < exact; cap += (cap < 8 || cap + 8 > exact) ? 1 : 7) {
      Bytes out(exact + 4, 0xEE);
      EXPECT_EQ(encode_frame(0x02, payload.data(), n, out.data(), cap), 0u)
          << "payload " << n << " cap " << cap;
      for (size_t i = cap; i < out.size(); ++i) {
        ASSERT_EQ(out[i], 0xEE) << "wrote past capacity " << cap << ", payload " << n;
      }
    }
    Bytes out(exact);
    EXPECT_EQ(encode_frame(0x02, payload.data(), n, out.data(), exact), exact);
  }
  EXPECT_EQ(encode_frame(0x01, nullptr, 0, nullptr, 0), 0u);
  uint8_t buf[16];
  EXPECT_EQ(encode_frame(0x01, nullptr, 3, buf, sizeof(buf)), 0u);  // no payload bytes to read
  EXPECT_EQ(encode_frame(0x01, nullptr, 0, buf, sizeof(buf)), 7u);  // empty payload is fine
}

// ---------------------------------------------------------------------------------------------
// Decoder: damaged input and resynchronisation

TEST(Decode, EveryBitFlipLosesOnlyThatFrame) {
  std::mt19937 rng(11);
  for (size_t n : {size_t{0}, size_t{1}, size_t{17}, size_t{260}}) {
    const Bytes a = encode(0x01, random_payload(rng, n));
    const Frame b_frame{0x02, random_payload(rng, 9)};
    const Bytes b = encode(b_frame.channel, b_frame.payload);
    // Every bit of every byte except the trailing delimiter (see DelimiterBitFlip below).
    for (size_t byte = 0; byte + 1 < a.size(); ++byte) {
      for (int bit = 0; bit < 8; ++bit) {
        Bytes stream = a;
        stream[byte] ^= static_cast<uint8_t>(1u << bit);
        append(stream, b);
        StaticFrameDecoder<kMaxPayload> decoder;
        Outcome out;
        feed(decoder, stream, out);
        ASSERT_EQ(out.frames, std::vector<Frame>{b_frame})
            << "payload " << n << " byte " << byte << " bit " << bit;
        EXPECT_GE(errors(decoder.stats()), 1u) << "byte " << byte << " bit " << bit;
      }
    }
  }
}

TEST(Decode, DelimiterBitFlip) {
  const Frame a{0x01, {1, 2, 3}};
  const Frame b{0x01, {4, 5, 6}};
  const Frame c{0x02, {7, 8, 9}};
  for (int bit = 0; bit < 8; ++bit) {
    Bytes bad_a = encode(a.channel, a.payload);
    bad_a.back() ^= static_cast<uint8_t>(1u << bit);
    // A lost delimiter merges A with B: both are lost, C decodes.
    Bytes stream = bad_a;
    append(stream, encode(b.channel, b.payload));
    append(stream, encode(c.channel, c.payload));
    Outcome out = decode_all(stream);
    EXPECT_EQ(out.frames, std::vector<Frame>{c}) << "bit " << bit;
    EXPECT_EQ(out.events.size(), 2u);
    // A sender that leads each frame with an extra 0x00 loses only A.
    stream = bad_a;
    stream.push_back(kDelimiter);
    append(stream, encode(b.channel, b.payload));
    out = decode_all(stream);
    EXPECT_EQ(out.frames, std::vector<Frame>{b}) << "bit " << bit;
  }
}

TEST(Decode, DroppedByteLosesOnlyThatFrame) {
  std::mt19937 rng(12);
  std::uniform_int_distribution<size_t> size(0, 600);
  for (int i = 0; i < 2000; ++i) {
    const Bytes a = encode(0x01, random_payload(rng, size(rng) % (kMaxPayload + 1)));
    const Frame b_frame{0x02, random_payload(rng, size(rng) % 64)};
    const size_t drop = std::uniform_int_distribution<size_t>(0, a.size() - 2)(rng);
    Bytes stream = a;
    stream.erase(stream.begin() + static_cast<std::ptrdiff_t>(drop));
    append(stream, encode(b_frame.channel, b_frame.payload));
    StaticFrameDecoder<kMaxPayload> decoder;
    Outcome out;
    feed(decoder, stream, out);
    ASSERT_EQ(out.frames, std::vector<Frame>{b_frame}) << "iteration " << i << " drop " << drop;
    EXPECT_EQ(out.events.size(), 2u);  // one error for A (no 0x00 was created), then B
    EXPECT_EQ(errors(decoder.stats()), 1u);
  }
}

TEST(Decode, CutOffFrameThenResync) {
  // The receiver starts listening in the middle of a frame (e.g. the daemon opened the port late).
  const Bytes a = encode(0x01, Bytes(40, 0x33));
  const Frame b{0x02, {'o', 'k'}};
  for (size_t start = 0; start + 1 < a.size(); ++start) {
    Bytes stream(a.begin() + static_cast<std::ptrdiff_t>(start), a.end());
    append(stream, encode(b.channel, b.payload));
    const Outcome out = decode_all(stream);
    if (start == 0) {
      EXPECT_EQ(out.frames.size(), 2u);
    } else {
      EXPECT_EQ(out.frames, std::vector<Frame>{b}) << "start " << start;
    }
  }
}

// Counts the non-empty zero-free runs in garbage: each is one packet, so one error.
size_t packets_in(const Bytes& garbage) {
  size_t packets = 0;
  bool in_run = false;
  for (uint8_t byte : garbage) {
    if (byte == 0) {
      in_run = false;
    } else if (!in_run) {
      in_run = true;
      ++packets;
    }
  }
  return packets;
}

void garbage_between_frames(bool garbage_has_zeros) {
  std::mt19937 rng(garbage_has_zeros ? 21 : 22);
  std::uniform_int_distribution<size_t> garbage_size(0, 1200);  // sometimes over capacity
  std::vector<Frame> sent;
  Bytes stream;
  size_t garbage_packets = 0;
  for (int i = 0; i < 300; ++i) {
    Bytes garbage = random_bytes(rng, garbage_size(rng), garbage_has_zeros);
    garbage_packets += packets_in(garbage);
    append(stream, garbage);
    Frame f{static_cast<uint8_t>(1 + i % 2), random_payload(rng, garbage_size(rng) % 300)};
    stream.push_back(kDelimiter);  // the sender's optional leading delimiter
    append(stream, encode(f.channel, f.payload));
    sent.push_back(std::move(f));
  }
  StaticFrameDecoder<kMaxPayload> decoder;
  Outcome out;
  feed(decoder, stream, out);
  EXPECT_EQ(out.frames, sent);
  EXPECT_EQ(decoder.stats().frames, sent.size());
  EXPECT_EQ(errors(decoder.stats()), garbage_packets);
  EXPECT_GT(decoder.stats().overflows, 0u);
  EXPECT_GT(decoder.stats().malformed + decoder.stats().crc_errors, 0u);
  EXPECT_EQ(decoder.stats().bytes, stream.size());
}

TEST(Decode, GarbageWithoutZerosBetweenFrames) { garbage_between_frames(false); }
TEST(Decode, GarbageWithZerosBetweenFrames) { garbage_between_frames(true); }

TEST(Decode, GarbageWithoutLeadingDelimiterCostsOnlyTheNextFrame) {
  // Without a leading 0x00 the decoder cannot tell garbage from the start of the next frame:
  // exactly the frames whose preceding garbage ends in a non-zero byte are lost.
  std::mt19937 rng(23);
  std::uniform_int_distribution<size_t> garbage_size(0, 40);
  std::vector<Frame> expected;
  Bytes stream;
  for (int i = 0; i < 300; ++i) {
    const Bytes garbage = random_bytes(rng, garbage_size(rng), i % 2 == 0);
    append(stream, garbage);
    Frame f{0x01, random_payload(rng, garbage_size(rng))};
    append(stream, encode(f.channel, f.payload));
    if (garbage.empty() || garbage.back() == 0) {
      expected.push_back(std::move(f));
    }
  }
  const Outcome out = decode_all(stream);
  EXPECT_EQ(out.frames, expected);
  EXPECT_LT(expected.size(), 300u);
  EXPECT_GT(expected.size(), 0u);
}

TEST(Decode, OversizePacketOverflowsOnceThenRecovers) {
  constexpr size_t kSmall = 16;
  StaticFrameDecoder<kSmall> decoder;
  const Bytes too_big = encode(0x01, Bytes(kSmall + 1, 0x42));
  const Frame fits{0x02, Bytes(kSmall, 0x43)};  // exactly the capacity
  Bytes stream = too_big;
  append(stream, encode(fits.channel, fits.payload));

  std::vector<size_t> overflow_at;
  Outcome out;
  for (size_t i = 0; i < stream.size(); ++i) {
    const DecodeResult r = decoder.push(stream[i]);
    if (r == DecodeResult::kOverflow) overflow_at.push_back(i);
    if (r == DecodeResult::kFrame) {
      out.frames.push_back({decoder.channel(),
                            Bytes(decoder.payload(), decoder.payload() + decoder.payload_size())});
    } else if (r != DecodeResult::kNeedMore && r != DecodeResult::kOverflow) {
      ADD_FAILURE() << "unexpected result at byte " << i;
    }
  }
  // too_big decodes to 1 + 17 + 4 = 22 bytes > 21. Without 0xFF blocks, encoded byte i >= 1
  // yields decoded byte i - 1, so the 22nd decoded byte (the overflow) is encoded byte 22.
  ASSERT_EQ(overflow_at, std::vector<size_t>{22});
  EXPECT_EQ(out.frames, std::vector<Frame>{fits});
  EXPECT_EQ(decoder.stats().overflows, 1u);
  EXPECT_EQ(decoder.stats().frames, 1u);
  EXPECT_EQ(decoder.stats().malformed + decoder.stats().crc_errors, 0u);
  EXPECT_EQ(decoder.stats().bytes, stream.size());
}

TEST(Decode, EndlessNoiseOverflowsOnce) {
  StaticFrameDecoder<kMaxPayload> decoder;
  Outcome out;
  feed(decoder, Bytes(100000, 0xA5), out);
  EXPECT_EQ(out.events, std::vector<DecodeResult>{DecodeResult::kOverflow});
  const Frame f{0x01, {9, 9, 9}};
  feed(decoder, Bytes{kDelimiter}, out);
  feed(decoder, encode(f.channel, f.payload), out);
  EXPECT_EQ(out.frames, std::vector<Frame>{f});
  EXPECT_EQ(decoder.stats().overflows, 1u);
  EXPECT_EQ(decoder.stats().bytes, 100001u + encode(f.channel, f.payload).size());
}

TEST(Decode, MaxPayloadFitsAndOneMoreOverflows) {
  std::mt19937 rng(5);
  const Frame max{0x01, random_payload(rng, kMaxPayload)};
  EXPECT_EQ(decode_all(encode(max.channel, max.payload)).frames, std::vector<Frame>{max});
  const Outcome over = decode_all(encode(0x01, random_payload(rng, kMaxPayload + 1)));
  EXPECT_EQ(over.events, std::vector<DecodeResult>{DecodeResult::kOverflow});
}

TEST(Decode, EmptyPacketsAreNothing) {
  StaticFrameDecoder<kMaxPayload> decoder;
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(decoder.push(kDelimiter), DecodeResult::kNeedMore);
  }
  const Frame f{0x02, {'x'}};
  Bytes stream = encode(f.channel, f.payload);
  stream.insert(stream.begin(), kDelimiter);  // leading delimiter
  stream.push_back(kDelimiter);
  Outcome out;
  feed(decoder, stream, out);
  EXPECT_EQ(out.events, std::vector<DecodeResult>{DecodeResult::kFrame});
  EXPECT_EQ(out.frames, std::vector<Frame>{f});
  const DecodeStats& s = decoder.stats();
  EXPECT_EQ(s.frames, 1u);
  EXPECT_EQ(errors(s), 0u);
  EXPECT_EQ(s.bytes, 5u + stream.size());
}

TEST(Decode, ByteAtATimeEqualsWholeBufferAndChunks) {
  std::mt19937 rng(31);
  std::vector<Bytes> frames;
  Bytes stream;
  for (int i = 0; i < 200; ++i) {
    frames.push_back(
        encode(static_cast<uint8_t>(1 + i % 2), random_payload(rng, rng() % (kMaxPayload + 1))));
    append(stream, frames.back());
    if (i % 17 == 0) {  // some errors too, ended by a delimiter so no real frame is lost
      append(stream, random_bytes(rng, rng() % 50, true));
      stream.push_back(kDelimiter);
    }
  }
  // Whole stream to one decoder.
  StaticFrameDecoder<kMaxPayload> whole;
  Outcome whole_out;
  feed(whole, stream, whole_out);
  // Random-sized reads, as from a UART driver or a socket.
  StaticFrameDecoder<kMaxPayload> chunked;
  Outcome chunked_out;
  for (size_t pos = 0; pos < stream.size();) {
    const size_t n = std::min<size_t>(stream.size() - pos, 1 + rng() % 97);
    feed(chunked, stream.data() + pos, n, chunked_out);
    pos += n;
  }
  // One byte per call.
  StaticFrameDecoder<kMaxPayload> single;
  Outcome single_out;
  for (uint8_t byte : stream) feed(single, &byte, 1, single_out);

  EXPECT_EQ(whole_out.frames.size(), 200u);
  EXPECT_EQ(chunked_out.frames, whole_out.frames);
  EXPECT_EQ(chunked_out.events, whole_out.events);
  EXPECT_EQ(single_out.frames, whole_out.frames);
  EXPECT_EQ(single_out.events, whole_out.events);
  EXPECT_EQ(chunked.stats().bytes, whole.stats().bytes);
  EXPECT_EQ(single.stats().crc_errors, whole.stats().crc_errors);
  EXPECT_EQ(single.stats().malformed, whole.stats().malformed);
  EXPECT_EQ(single.stats().overflows, whole.stats().overflows);
  // And each frame on its own decodes to the same thing (no state leaks between frames).
  for (size_t i = 0; i < frames.size(); ++i) {
    EXPECT_EQ(decode_all(frames[i]).frames, std::vector<Frame>{whole_out.frames[i]}) << i;
  }
}

// The bulk push gives what push() gives byte by byte: frames, errors, overflows and counters,
// whatever the chunking, at the daemon's size and at a size that overflows often.
template <size_t MaxPayload>
void bulk_equals_bytewise(uint32_t seed) {
  std::mt19937 rng(seed);
  Bytes stream;
  for (int i = 0; i < 300; ++i) {
    append(stream,
           encode(static_cast<uint8_t>(1 + i % 2), random_payload(rng, rng() % (kMaxPayload + 1))));
    if (i % 7 == 0) append(stream, random_bytes(rng, rng() % 600, i % 14 == 0));
    if (i % 11 == 0 && !stream.empty()) stream.pop_back();  // a lost delimiter
  }
  StaticFrameDecoder<MaxPayload> single;
  Outcome single_out;
  feed(single, stream, single_out);
  StaticFrameDecoder<MaxPayload> bulk;
  Outcome bulk_out;
  for (size_t pos = 0; pos < stream.size();) {
    const size_t n = std::min<size_t>(stream.size() - pos, 1 + rng() % 1500);
    feed_bulk(bulk, stream.data() + pos, n, bulk_out);
    pos += n;
  }
  EXPECT_GT(single_out.frames.size(), 0u);
  EXPECT_EQ(bulk_out.events, single_out.events);
  EXPECT_EQ(bulk_out.frames, single_out.frames);
  EXPECT_EQ(bulk.stats().bytes, single.stats().bytes);
  EXPECT_EQ(bulk.stats().frames, single.stats().frames);
  EXPECT_EQ(bulk.stats().crc_errors, single.stats().crc_errors);
  EXPECT_EQ(bulk.stats().malformed, single.stats().malformed);
  EXPECT_EQ(bulk.stats().overflows, single.stats().overflows);
}

TEST(Decode, BulkPushEqualsByteAtATime) {
  bulk_equals_bytewise<kMaxPayload>(41);
  bulk_equals_bytewise<64>(42);
}

TEST(Decode, ResetDropsPartialPacketKeepsStats) {
  StaticFrameDecoder<kMaxPayload> decoder;
  const Bytes a = encode(0x01, {1, 2, 3, 4, 5, 6});
  const Frame b{0x02, {7}};
  Outcome out;
  feed(decoder, a.data(), a.size() - 3, out);
  decoder.reset();
  feed(decoder, encode(b.channel, b.payload), out);
  EXPECT_EQ(out.events, std::vector<DecodeResult>{DecodeResult::kFrame});
  EXPECT_EQ(out.frames, std::vector<Frame>{b});
  // reset() also ends an overflow's discard phase.
  feed(decoder, Bytes(kMaxPayload + 10, 0x11), out);
  decoder.reset();
  feed(decoder, encode(b.channel, b.payload), out);
  EXPECT_EQ(out.frames.size(), 2u);
  EXPECT_EQ(decoder.stats().frames, 2u);
  EXPECT_EQ(decoder.stats().overflows, 1u);
  EXPECT_EQ(decoder.stats().bytes,
            a.size() - 3 + 2 * encode(b.channel, b.payload).size() + kMaxPayload + 10);
}

TEST(Decode, AccessorsAreEmptyOutsideAFrame) {
  StaticFrameDecoder<kMaxPayload> decoder;
  EXPECT_EQ(decoder.payload_size(), 0u);
  EXPECT_EQ(decoder.channel(), 0u);
  const Bytes frame = encode(0x02, {'h', 'i'});
  Outcome out;
  feed(decoder, frame, out);
  ASSERT_EQ(out.frames.size(), 1u);
  EXPECT_EQ(decoder.payload_size(), 2u);
  EXPECT_EQ(decoder.push(0x05), DecodeResult::kNeedMore);  // the next packet starts
  EXPECT_EQ(decoder.payload_size(), 0u);
  EXPECT_EQ(decoder.channel(), 0u);
  feed(decoder, frame, out);  // 05 .. 00 is garbage, so this frame is lost to the merge
  EXPECT_EQ(decoder.payload_size(), 0u);
  feed(decoder, frame, out);
  EXPECT_EQ(decoder.payload_size(), 2u);
  EXPECT_EQ(decoder.push(kDelimiter), DecodeResult::kNeedMore);  // empty packet
  EXPECT_EQ(decoder.payload_size(), 0u);
}

TEST(Decode, TinyDecoderRejectsEverything) {
  // A buffer smaller than channel + CRC can never hold a frame.
  uint8_t buffer[4];
  FrameDecoder decoder(buffer, sizeof(buffer));
  Outcome out;
  feed(decoder, encode(0x01, {}), out);
  EXPECT_EQ(out.events, std::vector<DecodeResult>{DecodeResult::kOverflow});
  feed(decoder, Bytes{0x03, 0x01, 0x02, 0x00}, out);
  EXPECT_EQ(out.events.back(), DecodeResult::kMalformed);
  EXPECT_EQ(decoder.stats().frames, 0u);
}

}  // namespace
}  // namespace insole::wire
