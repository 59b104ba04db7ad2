#include "synthetic_scans.h"

#include <string.h>

namespace insole::fw::mps2 {
namespace {

constexpr uint32_t kStepUs = 700000;
constexpr uint32_t kStanceUs = 250000;
constexpr uint16_t kOffset = 100;

}  // namespace

bool SyntheticScans::refill() {
  if (!header_done_) {
    replay::encode_scan_header({kSensels, kRateHz}, buffer_);
    size_ = replay::kScanHeaderBytes;
    header_done_ = true;
    return true;
  }
  if (made_ >= records_) return false;
  const uint64_t t_us = static_cast<uint64_t>(made_) * 1000000u / kRateHz;
  const uint32_t into = static_cast<uint32_t>(t_us % kStepUs);
  // Load in thousandths: 4 p (1 - p) over the stance, p = into / kStanceUs.
  const uint64_t load = into < kStanceUs ? 4000ull * into * (kStanceUs - into) /
                                               (static_cast<uint64_t>(kStanceUs) * kStanceUs)
                                         : 0;
  uint16_t counts[kSensels];
  for (uint16_t i = 0; i < kSensels; ++i) {
    const uint32_t full_scale = 300 + (i * 53u) % 2000;  // counts at full load
    counts[i] = static_cast<uint16_t>(kOffset + full_scale * load / 1000);
  }
  size_ = replay::encode_scan_record(t_us, counts, kSensels, buffer_, sizeof(buffer_));
  ++made_;
  return size_ != 0;
}

size_t SyntheticScans::read(uint8_t* out, size_t n) {
  size_t done = 0;
  while (done < n) {
    if (offset_ == size_) {
      if (!refill()) break;
      offset_ = 0;
    }
    const size_t k = n - done < size_ - offset_ ? n - done : size_ - offset_;
    memcpy(out + done, buffer_ + offset_, k);
    offset_ += k;
    done += k;
  }
  return done;
}

}  // namespace insole::fw::mps2
