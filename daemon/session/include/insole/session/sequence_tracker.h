// Follows a device's frame sequence numbers and counts dropouts (pure).
#ifndef INSOLE_SESSION_SEQUENCE_TRACKER_H_
#define INSOLE_SESSION_SEQUENCE_TRACKER_H_

#include <cstdint>

namespace insole::session {

class SequenceTracker {
 public:
  enum class Verdict { kFirst, kInOrder, kGap, kStale };

  // kGap: frames between the last and this one never arrived (counted in frames_lost()).
  // kStale: a repeated or older number (ignored by callers); does not move the tracker.
  Verdict observe(std::uint32_t sequence);

  std::uint64_t gaps() const { return gaps_; }
  std::uint64_t frames_lost() const { return lost_; }
  std::uint64_t stale() const { return stale_; }

 private:
  bool started_ = false;
  std::uint32_t last_ = 0;
  std::uint64_t gaps_ = 0;
  std::uint64_t lost_ = 0;
  std::uint64_t stale_ = 0;
};

}  // namespace insole::session

#endif  // INSOLE_SESSION_SEQUENCE_TRACKER_H_
