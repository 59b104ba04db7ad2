#include "insole/replay/replayed_matrix.h"

#include <string.h>

namespace insole::replay {

bool ReplayedMatrix::open() {
  uint8_t header[kScanHeaderBytes];
  if (source_.read(header, sizeof(header)) != sizeof(header)) return false;
  if (!decode_scan_header(header, &header_) || header_.sensel_count > kMaxSensels) {
    header_ = ScanFileHeader{};
    return false;
  }
  read_next();
  if (!has_next_) return false;
  advance();  // the first record holds until the run reaches the second
  return true;
}

void ReplayedMatrix::read_next() {
  const size_t size = scan_record_size(header_.sensel_count);
  const size_t got = source_.read(record_, size);
  has_next_ = got == size;
  if (got != 0 && got != size) damaged_ = true;
  if (!has_next_) return;
  next_t_us_ = scan_record_time(record_);
  ++records_;
}

void ReplayedMatrix::advance() {
  decode_scan_counts(record_, header_.sensel_count, current_);
  read_next();
}

void ReplayedMatrix::scan(uint64_t t_us, uint16_t* counts) {
  while (has_next_ && next_t_us_ <= t_us) advance();
  memcpy(counts, current_, header_.sensel_count * sizeof(counts[0]));
}

}  // namespace insole::replay
