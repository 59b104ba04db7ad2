// What the history pages need of one run, from its steps alone: its trends entry and its steps'
// digest for the distance and wear models (wear::StepsDigest, independent of the runner's
// calibration). Computed once and kept in the database (store/run_digests.h) when the connection
// can write, in the same transaction that read the steps, so a kept digest always describes the
// stored steps; on a read-only connection, or while the database is busy, computed for the
// answer only. Runs still recording are computed, never kept.
#ifndef INSOLE_REPORTS_RUN_DIGEST_H_
#define INSOLE_REPORTS_RUN_DIGEST_H_

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "insole/store/sqlite.h"
#include "insole/wear/wear_model.h"

namespace insole::reports {

struct RunDigest {
  std::int64_t analysed_steps = 0;
  // Every stored step row, as store::RunRecord counts them: per foot, and first contact to last
  // toe-off (0 without steps).
  std::int64_t steps_left = 0;
  std::int64_t steps_right = 0;
  double duration_s = 0;
  // Per foot ([left, right]), the median pronation index of its steps when at least
  // pronation_baseline.h's kMinSteps have one; NaN otherwise.
  std::array<double, 2> pronation_median{wear::kNaN, wear::kNaN};
  nlohmann::json trend;  // the trends entry (run_report.h), without the run's id and date
  wear::StepsDigest steps;
};

struct DigestedRun {
  std::int64_t run_id = 0;
  std::optional<std::string> started_at;  // nullopt: date unknown
  std::string status;
  std::string surface;  // what the runner said the run was on; empty when not said
  RunDigest digest;
};

// Every run, oldest first, with its digest.
std::vector<DigestedRun> digested_runs(store::Connection& db);
// One run's digest; nullopt for an unknown run.
std::optional<RunDigest> run_digest(store::Connection& db, std::int64_t run_id);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_RUN_DIGEST_H_
