// One fitting trial (~30 s on a treadmill in one shoe) summarised as it runs (pure; no I/O).
//
// Feed it every frame of both insoles and every step the analysis (analysis::GaitAnalyzer)
// returns, in any interleaving. Stances are taken from the steps' contact and toe-off times,
// so the accumulator maps exactly the stances the analysis accepted as steps (it discards
// standing, light stances and stances broken by lost frames) with the same 20 N threshold.
//
// Per mapped step it keeps only sums: the peak pressure of every sensel and the centre-of-
// pressure path resampled at kCopPathPoints instants of stance. Frames wait in a short buffer
// (TrialConfig::buffer_s) until their step is known, so memory is bounded by the buffer, the
// layout and the step list, whatever the trial's length.
//
// Zero offsets: insoles report raw forces that include a per-sensel offset (auto-zeroed by the
// analysis). Each step's offset is the mean of the swing frames before its contact; a step with
// no swing frames seen reuses the foot's previous offset, or is not mapped (first step).
#ifndef INSOLE_FITTING_TRIAL_ACCUMULATOR_H_
#define INSOLE_FITTING_TRIAL_ACCUMULATOR_H_

#include <array>
#include <cstddef>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/layout.h"
#include "insole/analysis/step.h"
#include "insole/fitting/trial_result.h"

namespace insole::fitting {

struct TrialConfig {
  analysis::GaitConfig gait;   // pronation bands and asymmetry band of the summary
  double body_mass_kg = kNaN;  // NaN: body weight from the steps' impulse balance (daemon/wear)
  double buffer_s = 4.0;       // frames held per foot while their step is not yet known
  std::size_t max_buffered_frames = 4096;
  double swing_guard_s = 0.03;   // frames this close to a contact or toe-off are not swing
  double offset_window_s = 0.2;  // swing frames averaged for a step's zero offset
  double max_edge_gap_s = 0.05;  // a stance whose first/last frame is further off is unmapped
};

class TrialAccumulator {
 public:
  explicit TrialAccumulator(TrialConfig config = {});
  TrialAccumulator(std::optional<analysis::Layout> left, std::optional<analysis::Layout> right,
                   TrialConfig config = {});

  // A foot joins (or changes insole: its maps restart). Throws analysis::LayoutError for an
  // unusable layout.
  void attach(analysis::Side side, const analysis::Layout& layout);
  bool attached(analysis::Side side) const;

  // forces_n: one raw value per layout sensel, in increasing time per foot. Frames of a foot
  // with no layout, or of the wrong size, are ignored.
  void add_frame(analysis::Side side, double t_s, std::span<const float> forces_n);
  // Every step counts for the step metrics; it is mapped once its frames are all in.
  void add_step(const analysis::Step& step);

  TrialResult result() const;
  std::size_t steps() const { return steps_.size(); }

 private:
  struct Frame {
    double t = 0;
    std::vector<float> forces;
  };
  struct Foot {
    std::optional<analysis::Layout> layout;
    std::deque<Frame> frames;
    std::deque<analysis::Step> pending;  // steps waiting for frames up to their toe-off
    std::vector<float> offset;
    bool have_offset = false;
    double last_toe_off_s = -1e300;
    std::size_t mapped = 0;
    std::vector<double> peak_sum, peak_sum_sq;  // per sensel, kPa
    std::array<double, kCopPathPoints> cop_x_sum{}, cop_y_sum{};
  };
  static std::size_t index(analysis::Side side) { return side == analysis::Side::kLeft ? 0 : 1; }
  void map_step(Foot& foot, const analysis::Step& step);
  void map_ready(Foot& foot);
  FootResult foot_result(std::size_t f, const analysis::GaitSummary& summary,
                         double body_weight_n) const;

  TrialConfig config_;
  std::array<Foot, 2> feet_;
  std::vector<analysis::Step> steps_;
};

}  // namespace insole::fitting

#endif  // INSOLE_FITTING_TRIAL_ACCUMULATOR_H_
