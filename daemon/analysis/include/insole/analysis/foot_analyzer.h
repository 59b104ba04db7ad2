// Streaming analysis of one foot: per-sensel forces in, analysed steps out (pure; no I/O).
//
// Per frame (O(sensels), no allocation):
//  1. Auto-zero: each sensel's zero (baseline) starts at the first frame and follows slow drift
//     through every swing: a frame in swing whose corrected total is below swing_margin_n is
//     quiet, and updates the zeros (running mean, then an EMA) only once it lies inside a quiet
//     stretch: followed by quiet_guard_s of quiet frames, so the slow first newtons of a landing
//     (walking in soft shoes) never leak into the zero. The zero is frozen while the foot is
//     loaded. A "stance" longer than max_contact_s (standing, or a zero left below a drifting
//     swing level) re-zeroes on the current frame; three swing frames in a row more than
//     threshold_n below zero (the zero held a standing load) pull the zeros quickly down.
//  2. Events: contact / toe-off are the instants the corrected total crosses threshold_n upward
//     / downward, on the parabola through the bracketing samples and the next one. When the
//     layout declares the sensels' time constant tau, the instants are those at which the force
//     itself crosses: reading + tau x its slope (the inverse of a first-order lag), on the same
//     parabola. A dip below the threshold shorter than
//     debounce_s does not end a stance. Frames lost inside a stance (an interval between
//     frames longer than max_gap_s, up to max_stance_gap_s) are bridged: the stance stays one
//     step and Step::missing_s says how long it went unseen. Stances shorter than min_contact_s
//     or longer than max_contact_s (standing), or holding a longer gap, are discarded and
//     counted, never reported with wrong times; so are stances too light to be steps
//     (min_peak_n, min_peak_fraction).
//  3. Per stance: centre-of-pressure path, strike index and class, flat-foot landing, CPEI and
//     medial loading for pronation, peak force, loading rate, impulse (see docs/algorithms.md).
// Steps are returned debounce_s after their toe-off.
#ifndef INSOLE_ANALYSIS_FOOT_ANALYZER_H_
#define INSOLE_ANALYSIS_FOOT_ANALYZER_H_

#include <array>
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/analysis/pronation.h"
#include "insole/analysis/step.h"

namespace insole::analysis {

struct FootAnalyzerConfig {
  double threshold_n = 20.0;
  double min_contact_s = 0.08;
  double max_contact_s = 2.5;
  double max_gap_s = 0.05;         // a longer interval between frames means frames were lost
  double max_stance_gap_s = 0.15;  // lost frames up to this long are bridged inside a stance
  double debounce_s = 0.015;
  // A stance must carry weight to be a step: a peak of at least min_peak_n and, once 5 steps
  // are known, min_peak_fraction of the median of the last 16 peaks (a foot placed lightly while
  // standing or shuffling is not a step).
  double min_peak_n = 100.0;
  double min_peak_fraction = 0.3;
  double swing_margin_n = 15.0;
  double quiet_guard_s = 0.03;
  double baseline_alpha = 0.05;
  double zone_onset_fraction = 0.10;  // heel / forefoot zone "takes load": >= this x step peak
  double flat_foot_window_s = 0.020;  // |forefoot onset - heel onset| for a flat landing
  PronationBands pronation;
};

class FootAnalyzer {
 public:
  FootAnalyzer(Side side, const Layout& layout, FootAnalyzerConfig config = {});

  // forces_n: one value per layout sensel. Samples must come in increasing time.
  std::optional<Step> push(double t_s, std::span<const float> forces_n);

  Side side() const { return side_; }
  bool in_contact() const { return state_ != State::kSwing; }
  std::uint32_t discarded() const { return discarded_; }
  std::uint32_t discarded_gaps() const { return discarded_gaps_; }
  // Corrected total force of the last sample (after auto-zero).
  double last_total_n() const { return previous_.total; }
  // Start of the stance in progress (valid while in_contact()).
  double contact_started_s() const { return contact_s_; }
  // Per sensel, the mean of its peak force (after auto-zero) over the recent accepted steps
  // (an exponential mean over about kSenselPeakSteps steps), and how many steps it has seen.
  std::span<const float> sensel_peak_means() const { return sensel_peak_mean_; }
  std::size_t accepted_steps() const { return peaks_seen_; }
  static constexpr double kSenselPeakSteps = 10;

 private:
  struct Sample {  // per-frame summary kept for the current stance
    double t = 0;
    double total = 0;
    double cop_x = 0, cop_y = 0;
    double heel = 0, forefoot = 0, medial = 0, lateral = 0, toes = 0;
  };
  enum class State { kSwing, kStance, kMaybeOff };

  Sample summarise(double t_s, std::span<const float> forces_n);
  void update_baseline(std::span<const float> forces_n);
  void queue_quiet(std::span<const float> forces_n, double t_s, bool quiet);
  void rezero(std::span<const float> forces_n);
  Step finish();
  bool heavy_enough(double peak_n) const;
  // The stance so far was shorter than min_contact_s and never reached kBlipFactor x threshold:
  // noise, not a landing.
  bool is_blip() const;
  static constexpr double kBlipFactor = 3.0;
  void reset_stance();
  void begin_stance(const Sample& s, double lost_s);
  void track_sensel_peaks(std::span<const float> forces_n);
  void accept_sensel_peaks();

  Side side_;
  Zones zones_;
  bool has_toes_ = false;  // some sensel lies under the toes (Zones::kToes)
  double lag_s_ = 0;       // Layout::sensor_time_constant_s
  std::vector<SenselPosition> sensels_;
  FootAnalyzerConfig config_;

  std::vector<float> baseline_;
  // Recent quiet frames waiting for their guard interval: (t, first float in pending_forces_).
  std::deque<double> pending_t_;
  std::vector<float> pending_forces_;  // ring of kMaxPending frames x sensels
  std::size_t pending_head_ = 0;       // ring index of pending_t_.front()
  static constexpr std::size_t kMaxPending = 64;
  std::uint64_t baseline_samples_ = 0;
  int below_zero_frames_ = 0;  // consecutive swing frames more than threshold_n below zero

  State state_ = State::kSwing;
  bool have_previous_ = false;
  Sample previous_;
  Sample before_contact_;  // the sample just before the upward crossing
  double contact_s_ = 0;
  double toe_off_s_ = 0;
  double missing_s_ = 0;         // lost time inside the stance in progress
  double frame_interval_s_ = 0;  // the last interval between frames with none lost
  // The stance's samples, at most kMaxStanceSamples (a set size, not the vector's capacity,
  // which a copy of the analyzer does not keep).
  std::vector<Sample> stance_;
  static constexpr std::size_t kMaxStanceSamples = 4096;
  std::vector<float> stance_sensel_peak_;  // per sensel, its peak in the stance in progress
  std::vector<float> sensel_peak_mean_;    // per sensel, over the recent accepted steps
  std::vector<CopPoint> path_;             // scratch for finish()
  std::array<double, 16> recent_peaks_{};  // ring of accepted step peaks
  std::size_t peaks_seen_ = 0;
  std::uint32_t discarded_ = 0;
  std::uint32_t discarded_gaps_ = 0;
};

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_FOOT_ANALYZER_H_
