#include "insole/session/sequence_tracker.h"

namespace insole::session {

SequenceTracker::Verdict SequenceTracker::observe(std::uint32_t sequence) {
  if (!started_) {
    started_ = true;
    last_ = sequence;
    return Verdict::kFirst;
  }
  // Unsigned difference handles wrap-around at 2^32; the upper half means "behind".
  const std::uint32_t ahead = sequence - last_;
  if (ahead == 0 || ahead > 0x80000000u) {
    ++stale_;
    return Verdict::kStale;
  }
  last_ = sequence;
  if (ahead == 1) return Verdict::kInOrder;
  ++gaps_;
  lost_ += ahead - 1;
  return Verdict::kGap;
}

}  // namespace insole::session
