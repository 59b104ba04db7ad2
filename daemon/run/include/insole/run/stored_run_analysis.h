// Analyses a stored run again from its raw-frame archive (run_frames.h): both feet on the run's
// time axis through one GaitAnalyzer, as the live run was. Used by `insolectl reanalyse` and by
// joins that change a run's frames (recorded_start.h). Reads only; the caller stores the result.
#ifndef INSOLE_RUN_STORED_RUN_ANALYSIS_H_
#define INSOLE_RUN_STORED_RUN_ANALYSIS_H_

#include <cstdint>
#include <vector>

#include "insole/store/records.h"
#include "insole/store/run_reader.h"

namespace insole::run {

struct StoredRunAnalysis {
  std::vector<store::StepRecord> steps;
  std::vector<store::AlertRecord> alerts;
  std::uint64_t frames = 0;
  std::uint64_t steps_left = 0;
  std::uint64_t steps_right = 0;
};

// Throws std::runtime_error when the run has no archive, a block cannot be decoded or a
// device's sensel grid is unknown to this build.
StoredRunAnalysis analyse_stored_run(store::RunReader& reader, std::int64_t run_id);

}  // namespace insole::run

#endif  // INSOLE_RUN_STORED_RUN_ANALYSIS_H_
