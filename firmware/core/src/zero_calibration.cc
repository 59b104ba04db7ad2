#include "insole/fw/zero_calibration.h"

namespace insole::fw {

void ZeroCalibration::restart(size_t count) {
  count_ = count > kMaxSensels ? kMaxSensels : count;
  capture_left_ = kCaptureFrames;
  quiet_frames_ = 0;
  for (size_t i = 0; i < kMaxSensels; ++i) {
    capture_sum_[i] = 0;
    offset_q4_[i] = 0;
    if (gain_q12_[i] == 0) gain_q12_[i] = 4096;
  }
}

void ZeroCalibration::set_gain_q12(size_t index, uint16_t gain_q12) {
  if (index < kMaxSensels) gain_q12_[index] = gain_q12;
}

bool ZeroCalibration::apply(const uint16_t* raw, uint16_t* out) {
  if (capture_left_ > 0) {
    for (size_t i = 0; i < count_; ++i) {
      capture_sum_[i] += raw[i];
      out[i] = 0;
    }
    if (--capture_left_ == 0) {
      for (size_t i = 0; i < count_; ++i) {
        offset_q4_[i] = static_cast<int32_t>((capture_sum_[i] << 4) / kCaptureFrames);
      }
    }
    return true;
  }

  uint32_t total = 0;
  for (size_t i = 0; i < count_; ++i) {
    const int32_t corrected = static_cast<int32_t>(raw[i]) - (offset_q4_[i] >> 4);
    uint32_t value = corrected > 0 ? static_cast<uint32_t>(corrected) : 0u;
    if (value <= kNoiseGateCounts) value = 0;
    value = (value * gain_q12_[i]) >> 12;
    out[i] = static_cast<uint16_t>(value > 0x0fff ? 0x0fff : value);
    total += out[i];
  }

  quiet_frames_ = total < kSwingTotalCounts ? static_cast<uint16_t>(quiet_frames_ + 1) : 0;
  if (quiet_frames_ < kSwingFrames) return false;
  quiet_frames_ = kSwingFrames;  // saturate
  for (size_t i = 0; i < count_; ++i) {
    const int32_t delta = (static_cast<int32_t>(raw[i]) << 4) - offset_q4_[i];
    // Follow freely downwards (a capture taken under load); upwards only within the drift band,
    // so a slowly applied load is never mistaken for a zero shift.
    if (delta < (static_cast<int32_t>(kDriftBandCounts) << 4))
      offset_q4_[i] += delta / (1 << kIirShift);
  }
  return true;
}

}  // namespace insole::fw
