// Frames a real link or read-out loses: bursts of consecutive frames dropped inside a stance
// (a radio or USB hiccup, a read-out stall) and a foot whose insole is absent for a stretch of the
// run (battery out, unplugged). The analysis sees these as jumps in the frame times.
//
// Deterministic: one Rng seeded in the constructor, drawn only at the start of a stance.
#ifndef INSOLE_HW_SIM_FRAME_LOSSES_H_
#define INSOLE_HW_SIM_FRAME_LOSSES_H_

#include <cstdint>

#include "insole/hw/sim/random.h"

namespace insole::hw::sim {

struct FrameLossParams {
  double burst_per_stance = 0;  // [0, 1]: chance that a stance holds a dropped burst
  int burst_min_frames = 2;     // burst length, uniform in [min, max] frames
  int burst_max_frames = 12;
  double absent_from_s = -1;  // the insole delivers nothing in [absent_from_s, absent_to_s)
  double absent_to_s = -1;
  double stance_n = 50;  // the true total force above which the foot is in stance
};

class FrameLosses {
 public:
  // Throws std::invalid_argument for a probability outside [0, 1] or a burst range not within
  // [1, 1000] frames with min <= max.
  FrameLosses(FrameLossParams params, std::uint64_t seed);

  // Whether the frame at t_s (true total force true_total_n) reaches the host. Call once per
  // frame in time order.
  bool delivered(double t_s, double true_total_n);

  // Frames dropped so far (bursts and absence).
  std::uint64_t dropped() const { return dropped_; }

 private:
  FrameLossParams params_;
  Rng rng_;
  bool in_stance_ = false;
  int frames_until_burst_ = -1;  // -1: no burst pending
  int burst_left_ = 0;
  std::uint64_t dropped_ = 0;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_FRAME_LOSSES_H_
