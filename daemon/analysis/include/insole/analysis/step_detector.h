// Step detection for one foot from its total vertical force (pure; no I/O).
//
// Contact and toe-off are the instants the total force crosses the threshold (20 N) upward and
// downward, linearly interpolated between the two samples around each crossing. A stance is
// reported when it ends; stances shorter than min_contact_s (noise spikes) or interrupted by a
// gap in the samples longer than max_gap_s (lost frames) are discarded and counted, never
// reported with wrong times.
#ifndef INSOLE_ANALYSIS_STEP_DETECTOR_H_
#define INSOLE_ANALYSIS_STEP_DETECTOR_H_

#include <cstdint>
#include <optional>
#include <vector>

namespace insole::analysis {

struct Step {
  double contact_s = 0;             // first crossing upward (same clock as the samples)
  double toe_off_s = 0;             // crossing downward
  double peak_force_n = 0;          // largest total force during the stance
  double impulse_ns = 0;            // ∫F dt between contact and toe-off (trapezoids)
  double loading_rate_n_per_s = 0;  // mean slope from 20% to 80% of the first force peak
  double contact_time_s() const { return toe_off_s - contact_s; }
};

struct StepDetectorConfig {
  double threshold_n = 20.0;
  double min_contact_s = 0.08;
  double max_gap_s = 0.05;
};

class StepDetector {
 public:
  explicit StepDetector(StepDetectorConfig config = {});

  // Feeds one sample; samples must come in increasing time. Returns the stance that this
  // sample ended, if any.
  std::optional<Step> push(double t_s, double total_n);

  std::uint32_t discarded_short() const { return discarded_short_; }
  std::uint32_t discarded_gaps() const { return discarded_gaps_; }
  bool in_contact() const { return in_contact_; }

 private:
  struct Sample {
    double t_s;
    double force_n;
  };
  Step finish(double toe_off_s) const;

  StepDetectorConfig config_;
  bool have_previous_ = false;
  Sample previous_{0, 0};
  bool in_contact_ = false;
  double contact_s_ = 0;
  std::vector<Sample> stance_;  // samples inside the current stance
  std::uint32_t discarded_short_ = 0;
  std::uint32_t discarded_gaps_ = 0;
};

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_STEP_DETECTOR_H_
