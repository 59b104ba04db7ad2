// What one fitting trial measured on the runner (docs/fitting.md): per foot and between feet.
//
// Values that could not be measured (a foot with no steps, no layout, no mapped stance) are NaN,
// maps and paths empty. Units are in the field names; the foot frame is the analysis' (origin at
// the rearmost heel point, +y toward the toes, +x medial, millimetres).
#ifndef INSOLE_FITTING_TRIAL_RESULT_H_
#define INSOLE_FITTING_TRIAL_RESULT_H_

#include <array>
#include <cstddef>
#include <limits>
#include <optional>
#include <vector>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/layout.h"
#include "insole/analysis/pronation.h"
#include "insole/analysis/step.h"

namespace insole::fitting {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// The centre-of-pressure path is resampled at 0%, 5%, ..., 100% of stance.
inline constexpr std::size_t kCopPathPoints = 21;

struct FootResult {
  std::size_t steps = 0;
  analysis::Strike strike = analysis::Strike::kRearfoot;  // most frequent class
  std::array<double, 3> strike_share{};  // rearfoot, midfoot, forefoot: fraction of steps, 0..1
  double flat_foot_pct = kNaN;           // % of steps landing flat
  analysis::Pronation pronation = analysis::Pronation::kNeutral;  // class of the median index
  double pronation_index = kNaN;                                  // median
  double contact_time_ms = kNaN;                                  // mean
  double peak_force_n = kNaN;                                     // mean
  double loading_rate_bw_per_s = kNaN;     // mean, in body weights per second
  double loading_rate_sd_bw_per_s = kNaN;  // step-to-step standard deviation
  // Pressure: every mapped step's peak pressure per sensel (force / area), averaged over steps.
  std::size_t pressure_steps = 0;            // steps whose frames were all seen (the map's n)
  std::vector<double> pressure_map_kpa;      // per layout sensel
  double peak_pressure_kpa = kNaN;           // the map's largest value
  double peak_pressure_sd_kpa = kNaN;        // step-to-step sd at that sensel
  std::vector<analysis::CopPoint> cop_path;  // kCopPathPoints, mean over mapped steps
  std::optional<analysis::Layout> layout;    // the insole the foot wore
};

struct TrialResult {
  std::array<FootResult, 2> feet;  // [left, right]
  double cadence_spm = kNaN;
  double body_weight_n = kNaN;  // from the body mass when given, else the impulse balance
  std::array<analysis::Asymmetry, 4> asymmetry{};  // analysis::kAsymmetryMetrics order
};

}  // namespace insole::fitting

#endif  // INSOLE_FITTING_TRIAL_RESULT_H_
