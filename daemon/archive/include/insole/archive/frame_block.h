// Lossless archive of raw sensor frames, so any run can be re-analysed by a newer algorithm.
//
// A FrameBlock holds consecutive frames of one device (typically one second). encode() writes
// codec "runs-rice-1": sequence numbers and device times as varint deltas, then each sensel's
// series as alternating runs of zeros and of non-zero counts (run lengths in Elias gamma codes),
// the non-zero counts as changes in Rice codes whose parameter adapts to the recent changes, as
// in JPEG-LS (Weinberger, Seroussi & Sapiro 2000; Rice 1979). decode() restores the
// block bit for bit and throws ArchiveError on anything malformed. Pure: no I/O.
#ifndef INSOLE_ARCHIVE_FRAME_BLOCK_H_
#define INSOLE_ARCHIVE_FRAME_BLOCK_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace insole::archive {

inline constexpr const char* kCodec = "runs-rice-1";

class ArchiveError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct FrameBlock {
  std::uint32_t sensel_count = 0;
  std::vector<std::uint32_t> sequence;        // per frame
  std::vector<std::uint64_t> device_time_us;  // per frame, non-decreasing
  std::vector<std::uint16_t> counts;          // frame-major: frame i, sensel j at i*sensel_count+j

  std::size_t frames() const { return sequence.size(); }
  void append(std::uint32_t seq, std::uint64_t t_us, std::span<const std::uint16_t> frame_counts);
  void clear();
  bool operator==(const FrameBlock&) const = default;
};

std::vector<std::uint8_t> encode(const FrameBlock& block);
FrameBlock decode(std::span<const std::uint8_t> blob);

}  // namespace insole::archive

#endif  // INSOLE_ARCHIVE_FRAME_BLOCK_H_
