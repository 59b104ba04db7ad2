// Findings a runner should hear about, each tied to its risk factor: a code and the numbers
// behind it (pure). The words the runner reads are written in one place, reports/alert_words.h.
#ifndef INSOLE_ANALYSIS_ALERTS_H_
#define INSOLE_ANALYSIS_ALERTS_H_

#include <array>
#include <limits>
#include <optional>
#include <string_view>
#include <vector>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/metric.h"
#include "insole/analysis/step.h"

namespace insole::analysis {

enum class AlertCode { kFlatLanding, kOverpronation, kImbalance };
std::string_view name(AlertCode code);  // "flat_landing" | "overpronation" | "imbalance"

// An asymmetry metric the imbalance alert flags (asymmetry.flagged is true).
struct FlaggedMetric {
  Metric metric = Metric::kPeakForce;
  Asymmetry asymmetry;
};

struct Alert {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

  AlertCode code = AlertCode::kFlatLanding;
  // The foot the finding is about; nullopt: both feet (flat landing, overpronation), or between
  // them (imbalance).
  std::optional<Side> side;
  // Flat landing: each foot's share of steps landing flat; overpronation: its share of steps
  // classed "over" ([left, right], 0-1). NaN for a foot without steps, and for imbalance.
  std::array<double, 2> share{kNaN, kNaN};
  // Overpronation: each foot's median pronation index ([left, right], NaN for a foot without
  // steps) and the neutral band [over_below, under_above] (pronation.h); NaN otherwise.
  std::array<double, 2> pronation_index{kNaN, kNaN};
  std::array<double, 2> neutral_band{kNaN, kNaN};
  // Imbalance: every flagged metric, in kAsymmetryMetrics order; empty otherwise.
  std::vector<FlaggedMetric> metrics;
};

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_ALERTS_H_
