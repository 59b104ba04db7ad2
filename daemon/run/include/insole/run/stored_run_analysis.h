// Analyses a stored run again from its raw-frame archive (run_frames.h): both feet on the run's
// time axis, as the live run was. Used by `insolectl reanalyse` and by
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

// How the frames go through the analysis: kPerFoot, when the run has one archived device per
// side, analyses each foot on its own thread (the reader shared under a lock) and combines them
// into exactly the steps of kOne (analysis/foot_pass.h), in about half the time on two cores;
// kOne merges both feet's frames in time order through one GaitAnalyzer.
enum class Passes { kPerFoot, kOne };

// Throws std::runtime_error when the run has no archive, a block cannot be decoded or a
// device's sensel grid is unknown to this build.
StoredRunAnalysis analyse_stored_run(store::RunReader& reader, std::int64_t run_id,
                                     Passes passes = Passes::kPerFoot);

}  // namespace insole::run

#endif  // INSOLE_RUN_STORED_RUN_ANALYSIS_H_
