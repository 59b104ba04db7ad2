// The per-step metrics compared left against right (pure).
#ifndef INSOLE_ANALYSIS_METRIC_H_
#define INSOLE_ANALYSIS_METRIC_H_

#include <array>
#include <string_view>

#include "insole/analysis/step.h"

namespace insole::analysis {

enum class Metric { kPeakForce, kImpulse, kContactTime, kLoadingRate };
inline constexpr std::array<Metric, 4> kAsymmetryMetrics = {
    Metric::kPeakForce, Metric::kImpulse, Metric::kContactTime, Metric::kLoadingRate};
std::string_view name(Metric metric);  // "peak_force" | "impulse" | "contact_time" | "loading_rate"
double value(const Step& step, Metric metric);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_METRIC_H_
