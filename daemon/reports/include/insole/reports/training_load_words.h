// What a runner reads when a run was a training-load spike (analysis/training_load.h): the
// finding, its source and the advice, with where the distances came from (measured, or
// estimated from contact times). Shown with the run's other findings (insolectl summary, the
// dashboard's run report).
#ifndef INSOLE_REPORTS_TRAINING_LOAD_WORDS_H_
#define INSOLE_REPORTS_TRAINING_LOAD_WORDS_H_

#include <cstdint>
#include <optional>

#include "insole/store/records.h"
#include "insole/store/sqlite.h"

namespace insole::reports {

// Code "load_spike", metric "distance_km", side empty. nullopt when the run has no date or no
// distance, when no earlier dated run with a distance started in the 30 days before it, or when
// it is at most 10 % longer than the longest of them.
std::optional<store::AlertRecord> load_spike_finding(store::Connection& db, std::int64_t run_id);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_TRAINING_LOAD_WORDS_H_
