// A scan file generated inside the image, for the budget run (no file to read): 64 sensels
// at 200 Hz, a foot that loads the insole for 250 ms every 700 ms with a parabolic force curve
// spread unevenly over the sensels, on top of an unloaded offset of 100 counts. Content matters
// little to the budgets (frame sizes do not depend on the readings, and the work per frame
// hardly does), but loaded and unloaded scans both occur, as in a run.
#ifndef INSOLE_FW_BOARDS_MPS2_SYNTHETIC_SCANS_H_
#define INSOLE_FW_BOARDS_MPS2_SYNTHETIC_SCANS_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/replay/byte_source.h"
#include "insole/replay/scan_file.h"

namespace insole::fw::mps2 {

class SyntheticScans final : public replay::ByteSource {
 public:
  static constexpr uint16_t kSensels = 64;
  static constexpr uint16_t kRateHz = 200;

  explicit SyntheticScans(uint32_t records) : records_(records) {}

  size_t read(uint8_t* out, size_t n) override;

 private:
  bool refill();  // the next header or record into buffer_; false after the last record

  uint32_t records_;
  uint32_t made_ = 0;
  bool header_done_ = false;
  uint8_t buffer_[replay::scan_record_size(kSensels)] = {};
  size_t size_ = 0;
  size_t offset_ = 0;
};

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_SYNTHETIC_SCANS_H_
