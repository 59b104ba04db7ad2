// hal::SenselMatrix that plays back a scan file (scan_file.h): scan(t) returns the latest
// record at or before t, i.e. what a matrix sampled at t would have read if the recorded
// signal is held between records. Before the first record it returns the first one; after the
// last it holds the last. Reads ahead one record at a time, so any file length fits in RAM.
//
// A record can be served for any past t, so boards let the core catch up late scans
// (Device::set_catch_up_slots) and the frames' times are the scheduled ones, independent of
// how fast the board runs: the basis of byte-identical runs on different boards.
#ifndef INSOLE_REPLAY_REPLAYED_MATRIX_H_
#define INSOLE_REPLAY_REPLAYED_MATRIX_H_

#include <stddef.h>
#include <stdint.h>

#include "insole/hal/sensel_matrix.h"
#include "insole/replay/byte_source.h"
#include "insole/replay/scan_file.h"

namespace insole::replay {

class ReplayedMatrix final : public hal::SenselMatrix {
 public:
  static constexpr size_t kMaxSensels = 128;  // the core's limit (fw::kMaxSensels)

  explicit ReplayedMatrix(ByteSource& source) : source_(source) {}

  // Reads the header and the first record. False for a file that is not a scan file, has more
  // than kMaxSensels sensels or no record. Call before the Device is built (it asks
  // sensel_count()).
  bool open();
  const ScanFileHeader& header() const { return header_; }

  size_t sensel_count() const override { return header_.sensel_count; }
  void scan(uint64_t t_us, uint16_t* counts) override;

  uint32_t records_read() const { return records_; }
  // The file ended inside a record: it is damaged (the scan holds the last whole record).
  bool damaged() const { return damaged_; }

 private:
  void read_next();  // into record_ (has_next_ false at the end)
  void advance();    // the record read ahead becomes current

  ByteSource& source_;
  ScanFileHeader header_{};
  uint16_t current_[kMaxSensels] = {};
  uint8_t record_[scan_record_size(kMaxSensels)] = {};  // the next record, read ahead
  uint64_t next_t_us_ = 0;
  bool has_next_ = false;
  bool damaged_ = false;
  uint32_t records_ = 0;
};

}  // namespace insole::replay

#endif  // INSOLE_REPLAY_REPLAYED_MATRIX_H_
