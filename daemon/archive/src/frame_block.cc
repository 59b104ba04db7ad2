#include "insole/archive/frame_block.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

namespace insole::archive {
namespace {

constexpr std::uint8_t kMagic[4] = {'I', 'F', 'B', '2'};
constexpr std::size_t kMaxFrames = 1u << 20;
constexpr std::size_t kMaxSensels = 1024;
constexpr unsigned kMaxK = 15;
constexpr unsigned kEscapeQ = 24;  // quotients this large are written as 16 raw bits instead

std::uint32_t zigzag(std::int32_t v) {
  return (static_cast<std::uint32_t>(v) << 1) ^ static_cast<std::uint32_t>(v >> 31);
}
std::int32_t unzigzag(std::uint32_t v) {
  return static_cast<std::int32_t>(v >> 1) ^ -static_cast<std::int32_t>(v & 1);
}

// Bits are packed least significant first; a 64-bit accumulator takes up to 32 at a time.
class BitWriter {
 public:
  void bits(std::uint64_t value, unsigned n) {
    while (n > 32) {
      put(value & 0xffffffffu, 32);
      value >>= 32;
      n -= 32;
    }
    put(value & ((std::uint64_t{1} << n) - 1), n);
  }
  void varint(std::uint64_t v) {
    while (v >= 0x80) {
      put((v & 0x7f) | 0x80, 8);
      v >>= 7;
    }
    put(v, 8);
  }
  // Rice code of v with parameter k; quotients >= kEscapeQ escape to a 17-bit literal.
  void rice(std::uint32_t v, unsigned k) {
    const std::uint32_t q = v >> k;
    if (q >= kEscapeQ) {
      put((std::uint64_t{1} << kEscapeQ) - 1, kEscapeQ);
      put(v & 0x1ffffu, 17);
      return;
    }
    put((std::uint64_t{1} << q) - 1, q + 1);  // q ones, then the stop bit 0
    put(v & ((std::uint32_t{1} << k) - 1), k);
  }
  // Elias gamma code of v >= 1: len zeros, then v's len + 1 bits, most significant first.
  void gamma(std::uint64_t v) {
    unsigned len = 0;
    while ((v >> len) > 1) ++len;
    for (unsigned i = 0; i < len; ++i) put(0, 1);
    for (int i = static_cast<int>(len); i >= 0; --i) put((v >> i) & 1, 1);
  }
  void reserve(std::size_t bytes) { out_.reserve(bytes); }
  std::vector<std::uint8_t> take() {
    for (; used_ > 0; used_ = used_ > 8 ? used_ - 8 : 0) {
      out_.push_back(static_cast<std::uint8_t>(acc_));
      acc_ >>= 8;
    }
    acc_ = 0;
    return std::move(out_);
  }

 private:
  // value < 2^n, n <= 32; whole 32-bit words leave the accumulator, little-endian.
  void put(std::uint64_t value, unsigned n) {
    acc_ |= value << used_;
    used_ += n;
    if (used_ >= 32) {
      const std::uint8_t word[4] = {
          static_cast<std::uint8_t>(acc_), static_cast<std::uint8_t>(acc_ >> 8),
          static_cast<std::uint8_t>(acc_ >> 16), static_cast<std::uint8_t>(acc_ >> 24)};
      out_.insert(out_.end(), word, word + 4);
      acc_ >>= 32;
      used_ -= 32;
    }
  }
  std::vector<std::uint8_t> out_;
  std::uint64_t acc_ = 0;
  unsigned used_ = 0;  // bits in acc_, < 32 between calls
};

// Reads what BitWriter packed, through a 64-bit window so a Rice code takes a few operations
// instead of one per bit (re-analysis decodes every block of a run).
class BitReader {
 public:
  explicit BitReader(std::span<const std::uint8_t> data) : data_(data), size_(data.size() * 8) {}
  bool bit() { return bits(1) != 0; }
  // n <= 32.
  std::uint64_t bits(unsigned n) {
    if (pos_ + n > size_) throw ArchiveError("frame block truncated");
    const std::uint64_t v = window() & ((std::uint64_t{1} << n) - 1);
    pos_ += n;
    return v;
  }
  std::uint64_t varint() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      const std::uint64_t byte = bits(8);
      v |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return v;
    }
    throw ArchiveError("frame block has an overlong varint");
  }
  std::uint32_t rice(unsigned k) {
    // Bits past the end read as zeros, so the ones counted are all real.
    const unsigned ones = static_cast<unsigned>(std::countr_one(window()));
    if (ones >= kEscapeQ) {
      pos_ += kEscapeQ;
      return static_cast<std::uint32_t>(bits(17));
    }
    if (pos_ + ones >= size_) throw ArchiveError("frame block truncated");  // no stop bit
    pos_ += ones + 1;
    return (ones << k) | static_cast<std::uint32_t>(bits(k));
  }
  std::uint64_t gamma() {
    unsigned len = 0;
    while (!bit()) {
      if (++len > 40) throw ArchiveError("frame block has a malformed run length");
    }
    std::uint64_t v = 1;
    for (unsigned i = 0; i < len; ++i) v = (v << 1) | static_cast<std::uint64_t>(bit());
    return v;
  }
  // Unused bits in the last byte are padding.
  bool done() const { return (pos_ + 7) / 8 == data_.size(); }

 private:
  // At least 57 bits from pos_ on, least significant first; zeros past the end.
  std::uint64_t window() const {
    const std::size_t byte = pos_ >> 3;
    std::uint64_t w = 0;
    if (byte + 8 <= data_.size()) {
      std::uint8_t b[8];
      std::memcpy(b, data_.data() + byte, 8);  // one load; the shifts below fold into it
      w = std::uint64_t{b[0]} | std::uint64_t{b[1]} << 8 | std::uint64_t{b[2]} << 16 |
          std::uint64_t{b[3]} << 24 | std::uint64_t{b[4]} << 32 | std::uint64_t{b[5]} << 40 |
          std::uint64_t{b[6]} << 48 | std::uint64_t{b[7]} << 56;
    } else {
      for (std::size_t b = 0; byte + b < data_.size(); ++b)
        w |= static_cast<std::uint64_t>(data_[byte + b]) << (8 * b);
    }
    return w >> (pos_ & 7);
  }
  std::span<const std::uint8_t> data_;
  std::size_t size_;  // bits
  std::size_t pos_ = 0;
};

// Rice parameter that follows the recent size of the residuals (the adaptive Golomb coding of
// JPEG-LS, Weinberger, Seroussi & Sapiro 2000): stance and swing need very different k, and a
// second of data holds both.
class AdaptiveK {
 public:
  // The least k with n << k >= a, at most kMaxK: bit_width(floor((a - 1) / n)) for a > n. n is
  // 1, 2 or 3 (it is halved on reaching 4), so the division is a shift or a constant divide.
  unsigned k() const {
    if (a_ <= n_) return 0;
    const std::uint64_t q = n_ == 1 ? a_ - 1 : n_ == 2 ? (a_ - 1) >> 1 : (a_ - 1) / 3;
    return std::min(static_cast<unsigned>(std::bit_width(q)), kMaxK);
  }
  void update(std::uint32_t v) {
    a_ += v;
    if (++n_ == 4) {
      a_ >>= 1;
      n_ >>= 1;
    }
  }

 private:
  std::uint64_t a_ = 2;
  std::uint64_t n_ = 1;
};

}  // namespace

void FrameBlock::append(std::uint32_t seq, std::uint64_t t_us,
                        std::span<const std::uint16_t> frame_counts) {
  sequence.push_back(seq);
  device_time_us.push_back(t_us);
  counts.insert(counts.end(), frame_counts.begin(), frame_counts.end());
}

void FrameBlock::clear() {
  sequence.clear();
  device_time_us.clear();
  counts.clear();
}

std::vector<std::uint8_t> encode(const FrameBlock& block) {
  const std::size_t n = block.frames();
  const std::size_t s = block.sensel_count;
  if (block.device_time_us.size() != n || block.counts.size() != n * s) {
    throw ArchiveError("frame block arrays disagree in size");
  }
  BitWriter w;
  w.reserve(16 + 4 * n + n * s / 2);  // about twice what a block of a run takes
  for (std::uint8_t m : kMagic) w.bits(m, 8);
  w.varint(n);
  w.varint(s);
  for (std::size_t i = 0; i < n; ++i) {
    // Wrapping difference: sequence numbers roll over at 2^32.
    w.varint(i == 0 ? block.sequence[0]
                    : static_cast<std::uint32_t>(block.sequence[i] - block.sequence[i - 1]));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && block.device_time_us[i] < block.device_time_us[i - 1]) {
      throw ArchiveError("frame block times go backwards");
    }
    w.varint(i == 0 ? block.device_time_us[0]
                    : block.device_time_us[i] - block.device_time_us[i - 1]);
  }
  // Each sensel's series as alternating runs: a zero run (gamma of its length + 1), then a run of
  // non-zero counts (gamma of its length) whose changes are Rice-coded with an adaptive
  // parameter. The firmware's noise gate makes an unloaded sensel exactly zero, so swing costs a
  // few bits per sensel and stance pays only for the signal.
  for (std::size_t j = 0; j < s; ++j) {
    AdaptiveK ak;
    std::size_t i = 0;
    while (i < n) {
      std::size_t zeros = 0;
      while (i + zeros < n && block.counts[(i + zeros) * s + j] == 0) ++zeros;
      w.gamma(zeros + 1);
      i += zeros;
      if (i == n) break;
      std::size_t run = 0;
      while (i + run < n && block.counts[(i + run) * s + j] != 0) ++run;
      w.gamma(run);
      std::int32_t prev = 0;
      for (std::size_t r = 0; r < run; ++r) {
        const std::int32_t v = block.counts[(i + r) * s + j];
        const std::uint32_t z = zigzag(v - prev);
        w.rice(z, ak.k());
        ak.update(z);
        prev = v;
      }
      i += run;
    }
  }
  return w.take();
}

FrameBlock decode(std::span<const std::uint8_t> blob) {
  BitReader r(blob);
  for (std::uint8_t m : kMagic) {
    if (r.bits(8) != m) throw ArchiveError("not a " + std::string(kCodec) + " frame block");
  }
  const std::uint64_t n = r.varint();
  const std::uint64_t s = r.varint();
  if (n > kMaxFrames || s == 0 || s > kMaxSensels) {
    throw ArchiveError("frame block has impossible dimensions");
  }
  FrameBlock block;
  block.sensel_count = static_cast<std::uint32_t>(s);
  block.sequence.resize(n);
  block.device_time_us.resize(n);
  block.counts.resize(n * s);
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t v = r.varint();
    block.sequence[i] = static_cast<std::uint32_t>(i == 0 ? v : block.sequence[i - 1] + v);
  }
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t d = r.varint();
    block.device_time_us[i] = i == 0 ? d : block.device_time_us[i - 1] + d;
  }
  for (std::size_t j = 0; j < s; ++j) {
    AdaptiveK ak;
    std::size_t i = 0;
    while (i < n) {
      const std::uint64_t zeros = r.gamma() - 1;
      if (zeros > n - i) throw ArchiveError("frame block run overflows the block");
      for (std::uint64_t z = 0; z < zeros; ++z) block.counts[(i + z) * s + j] = 0;
      i += zeros;
      if (i == n) break;
      const std::uint64_t run = r.gamma();
      if (run > n - i) throw ArchiveError("frame block run overflows the block");
      std::int32_t prev = 0;
      for (std::uint64_t k = 0; k < run; ++k) {
        const std::uint32_t z = r.rice(ak.k());
        ak.update(z);
        const std::int32_t value = prev + unzigzag(z);
        if (value <= 0 || value > 0xffff)
          throw ArchiveError("frame block holds a count out of range");
        block.counts[(i + k) * s + j] = static_cast<std::uint16_t>(value);
        prev = value;
      }
      i += run;
    }
  }
  if (!r.done()) throw ArchiveError("frame block has trailing bytes");
  return block;
}

}  // namespace insole::archive
