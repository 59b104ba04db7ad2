// The live part of the status: the gait analysis of a run's most recent steps (pure).
//
// The window is the last `window` steps of both feet (default 40, about 15 s of running), so the
// numbers follow the runner (warm-up, fatigue) instead of averaging the whole run; the run's
// stored summary (insolectl summary) covers it all.
#ifndef INSOLE_API_LIVE_METRICS_H_
#define INSOLE_API_LIVE_METRICS_H_

#include <cstddef>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/step.h"
#include "insole/api/status.h"

namespace insole::api {

inline constexpr std::size_t kLiveWindowSteps = 40;

// steps: in completion order (GaitAnalyzer::steps()); now_run_s: the run's clock now.
LiveMetrics live_metrics(const std::vector<analysis::Step>& steps, double now_run_s,
                         const analysis::GaitConfig& config = {},
                         std::size_t window = kLiveWindowSteps);

}  // namespace insole::api

#endif  // INSOLE_API_LIVE_METRICS_H_
