#include "insole/session/gap_recovery.h"

#include <algorithm>

namespace insole::session {

std::uint64_t GapRecovery::unwrap(std::uint32_t sequence) const {
  const std::uint64_t ref = any_live_ ? newest_ : next_;
  const auto delta = static_cast<std::int32_t>(sequence - static_cast<std::uint32_t>(ref));
  const auto s = static_cast<std::int64_t>(ref) + delta;
  return s < 0 ? 0 : static_cast<std::uint64_t>(s);
}

void GapRecovery::expect(std::uint32_t next_sequence) {
  started_ = true;
  next_ = next_sequence;
}

std::vector<GapRecovery::Request> GapRecovery::live(HeldFrame frame, TimePoint now) {
  std::vector<Request> requests;
  if (!started_) {
    started_ = true;
    next_ = frame.frame.sequence;
  }
  const std::uint64_t s = unwrap(frame.frame.sequence);
  if (s < next_ || held_.count(s) != 0 || (any_live_ && s <= newest_ && !requested(s))) {
    ++stale_;
    return requests;
  }
  const std::uint64_t gap_from = any_live_ ? newest_ + 1 : next_;
  if (s > gap_from) {
    ++gaps_;
    missed_ += s - gap_from;
    if (options_.device_can_resend) {
      for (std::uint64_t first = gap_from; first < s; first += kMaxRequest) {
        const std::uint64_t end = std::min<std::uint64_t>(s, first + kMaxRequest);
        outstanding_.push_back({first, end, now});
        requests.push_back(
            {static_cast<std::uint32_t>(first), static_cast<std::uint32_t>(end - first)});
      }
    }
  }
  if (!any_live_ || s > newest_) newest_ = s;
  any_live_ = true;
  held_.emplace(s, std::move(frame));
  while (held_.size() > options_.max_held && !outstanding_.empty()) outstanding_.pop_front();
  return requests;
}

bool GapRecovery::requested(std::uint64_t s) const {
  return std::any_of(outstanding_.begin(), outstanding_.end(),
                     [s](const Outstanding& o) { return s >= o.first && s < o.end; });
}

void GapRecovery::recovered(HeldFrame frame) {
  const std::uint64_t s = unwrap(frame.frame.sequence);
  if (s < next_ || held_.count(s) != 0 || !requested(s)) {
    ++stale_;
    return;
  }
  ++recovered_;
  held_.emplace(s, std::move(frame));
}

std::optional<GapRecovery::Request> GapRecovery::range_done(std::uint32_t first,
                                                            std::uint32_t count, TimePoint now) {
  const std::uint64_t f = unwrap(first);
  const auto it = std::find_if(outstanding_.begin(), outstanding_.end(), [&](const Outstanding& o) {
    return o.first == f && o.end == f + count;
  });
  if (it == outstanding_.end()) return std::nullopt;
  const Outstanding done = *it;
  outstanding_.erase(it);
  if (done.attempt >= kAttempts) return std::nullopt;
  // The still-missing span of the range, if any, once more.
  std::uint64_t lo = std::max(done.first, next_), hi = done.end;
  while (lo < hi && held_.count(lo) != 0) ++lo;
  while (hi > lo && held_.count(hi - 1) != 0) --hi;
  if (lo >= hi) return std::nullopt;
  outstanding_.push_back({lo, hi, now, done.attempt + 1});
  return Request{static_cast<std::uint32_t>(lo), static_cast<std::uint32_t>(hi - lo)};
}

void GapRecovery::tick(TimePoint now) {
  while (!outstanding_.empty() && now - outstanding_.front().requested >= options_.give_up)
    outstanding_.pop_front();
}

std::size_t GapRecovery::set_aside() {
  const std::size_t n = held_.size();
  held_.clear();
  outstanding_.clear();
  return n;
}

std::optional<HeldFrame> GapRecovery::pop() {
  while (!held_.empty()) {
    const auto first = held_.begin();
    if (first->first == next_) {
      HeldFrame out = std::move(first->second);
      held_.erase(first);
      ++next_;
      return out;
    }
    // next_ is missing: wait while it may still come back, else skip what is gone.
    if (requested(next_)) return std::nullopt;
    std::uint64_t skip_to = first->first;
    for (const Outstanding& o : outstanding_)
      if (o.first > next_ && o.first < skip_to) skip_to = o.first;
    lost_ += skip_to - next_;
    next_ = skip_to;
  }
  return std::nullopt;
}

}  // namespace insole::session
