#include "insole/hw/sim/frame_losses.h"

#include <cmath>
#include <stdexcept>

namespace insole::hw::sim {

FrameLosses::FrameLosses(FrameLossParams params, std::uint64_t seed) : params_(params), rng_(seed) {
  if (!(params.burst_per_stance >= 0 && params.burst_per_stance <= 1))
    throw std::invalid_argument("insole::hw::sim::FrameLosses: burst_per_stance not in [0, 1]");
  if (params.burst_min_frames < 1 || params.burst_max_frames > 1000 ||
      params.burst_min_frames > params.burst_max_frames)
    throw std::invalid_argument("insole::hw::sim::FrameLosses: burst range not in [1, 1000]");
}

bool FrameLosses::delivered(double t_s, double true_total_n) {
  const bool stance = true_total_n > params_.stance_n;
  if (stance && !in_stance_ && params_.burst_per_stance > 0 &&
      rng_.uniform() < params_.burst_per_stance) {
    // Somewhere in the first part of the stance, so the burst falls inside it.
    frames_until_burst_ = static_cast<int>(rng_.uniform_int(1, 8));
    burst_left_ =
        static_cast<int>(rng_.uniform_int(static_cast<std::uint64_t>(params_.burst_min_frames),
                                          static_cast<std::uint64_t>(params_.burst_max_frames)));
  }
  in_stance_ = stance;
  bool keep = true;
  if (frames_until_burst_ == 0 && burst_left_ > 0) {
    keep = false;
    if (--burst_left_ == 0) frames_until_burst_ = -1;
  } else if (frames_until_burst_ > 0) {
    --frames_until_burst_;
  }
  if (t_s >= params_.absent_from_s && t_s < params_.absent_to_s) keep = false;
  if (!keep) ++dropped_;
  return keep;
}

}  // namespace insole::hw::sim
