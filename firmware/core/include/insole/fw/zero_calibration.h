// Per-sensel zero offsets. Force-sensing resistors and the read-out amplifier leave a small,
// drifting count when unloaded; the core subtracts it so 0 means "no force".
//
// - Capture: the first kCaptureFrames scans after start average the raw counts (the foot is
//   assumed unloaded; output is zero and the frame is flagged as zeroing).
// - Swing re-zero: whenever the corrected total stays below kSwingTotalCounts for
//   kSwingFrames consecutive scans (foot in the air), each offset follows its raw count with a
//   slow IIR, so temperature drift and a capture taken under load are corrected within a
//   few strides.
// - Noise gate: a corrected count of at most kNoiseGateCounts (0.4 N at 0.1 N/count, about 2.7
//   read-out noise sigmas) is reported as 0, so an unloaded sensel sends exact zeros. This
//   costs nothing the analysis uses (its smallest threshold is 20 N per foot) and makes frames
//   about twice as compressible for the run archive.
#ifndef INSOLE_FW_ZERO_CALIBRATION_H_
#define INSOLE_FW_ZERO_CALIBRATION_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/fw/limits.h"

namespace insole::fw {

class ZeroCalibration {
 public:
  static constexpr uint16_t kCaptureFrames = 16;
  static constexpr uint32_t kSwingTotalCounts = 200;  // 20 N at 0.1 N/count
  static constexpr uint16_t kSwingFrames = 8;
  static constexpr uint8_t kIirShift = 3;           // offset += (raw - offset) / 8 per swing scan
  static constexpr uint16_t kDriftBandCounts = 24;  // largest upward step tracked as drift
  static constexpr uint16_t kNoiseGateCounts = 4;

  // Forgets all offsets and starts a new capture for count sensels (<= kMaxSensels).
  void restart(size_t count);

  // Corrects raw[0..count) into out; returns true while (re)zeroing this frame.
  bool apply(const uint16_t* raw, uint16_t* out);

  // Optional per-sensel gain in Q12 (4096 = 1.0), applied after offset removal.
  void set_gain_q12(size_t index, uint16_t gain_q12);

  uint16_t offset(size_t index) const { return static_cast<uint16_t>(offset_q4_[index] >> 4); }
  bool capturing() const { return capture_left_ > 0; }

 private:
  size_t count_ = 0;
  uint16_t capture_left_ = 0;
  uint16_t quiet_frames_ = 0;
  uint32_t capture_sum_[kMaxSensels] = {};
  int32_t offset_q4_[kMaxSensels] = {};  // offsets with 4 fractional bits for the IIR
  uint16_t gain_q12_[kMaxSensels] = {};
};

}  // namespace insole::fw

#endif  // INSOLE_FW_ZERO_CALIBRATION_H_
