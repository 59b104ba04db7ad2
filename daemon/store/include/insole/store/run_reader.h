// Queries for insolectl and the daemon's end-of-run report.
#ifndef INSOLE_STORE_RUN_READER_H_
#define INSOLE_STORE_RUN_READER_H_

#include <cstdint>
#include <optional>
#include <vector>

#include "insole/store/records.h"
#include "insole/store/sqlite.h"

namespace insole::store {

class RunReader {
 public:
  explicit RunReader(Connection& db) : db_(db) {}

  std::vector<RunRecord> runs();
  std::optional<RunRecord> run(std::int64_t run_id);
  // side: 'L', 'R', or 0 for both; ordered by contact time.
  std::vector<StepRecord> steps(std::int64_t run_id, char side = 0);
  std::optional<RunSummary> summary(std::int64_t run_id);

 private:
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_RUN_READER_H_
