// What a runner reads when a run was a training-load spike (analysis/training_load.h): the
// finding, its source and the advice, with where the distances came from (measured, or
// estimated from contact times). Shown with the run's other findings (insolectl summary, the
// dashboard's run report).
#ifndef INSOLE_REPORTS_TRAINING_LOAD_WORDS_H_
#define INSOLE_REPORTS_TRAINING_LOAD_WORDS_H_

#include <cstdint>
#include <optional>
#include <span>

#include "insole/reports/run_digest.h"
#include "insole/reports/shoe_wear.h"
#include "insole/store/records.h"

namespace insole::reports {

// Code "load_spike", metric "distance_km", side empty. nullopt when the run has no date or no
// distance, when no earlier dated run with a distance started in the 30 days before it, or when
// it is at most 10 % longer than the longest of them. `runs` are digested_runs(db) and
// `calibration` runner_calibration(db), which a caller showing distances has already.
std::optional<store::AlertRecord> load_spike_finding(std::span<const DigestedRun> runs,
                                                     const RunnerCalibration& calibration,
                                                     std::int64_t run_id);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_TRAINING_LOAD_WORDS_H_
