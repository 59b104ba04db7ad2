// Queries for insolectl and the daemon's end-of-run report.
#ifndef INSOLE_STORE_RUN_READER_H_
#define INSOLE_STORE_RUN_READER_H_

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "insole/store/records.h"
#include "insole/store/sqlite.h"

namespace insole::store {

class RunReader {
 public:
  explicit RunReader(Connection& db) : db_(db) {}

  // kLeftOut: steps_left, steps_right and duration_s stay 0 (counting them reads every step of
  // every run; lists that keep them elsewhere, reports/run_digest.h, leave them out).
  enum class StepCounts { kCounted, kLeftOut };
  std::vector<RunRecord> runs(StepCounts counts = StepCounts::kCounted);
  std::optional<RunRecord> run(std::int64_t run_id);
  // side: 'L', 'R', or 0 for both; ordered by contact time.
  std::vector<StepRecord> steps(std::int64_t run_id, char side = 0);
  std::optional<RunSummary> summary(std::int64_t run_id);
  // First contact to last toe-off; 0 for a run without steps (or an unknown one).
  double duration_s(std::int64_t run_id);
  std::vector<RunDeviceRecord> devices(std::int64_t run_id);
  std::vector<AlertRecord> alerts(std::int64_t run_id);
  // Frame blocks of one device of a run, in device-time order.
  std::vector<FrameBlockRecord> frame_blocks(std::int64_t run_id, std::int64_t device_id);
  // The same order a page at a time: at most limit blocks after the block `after` (its
  // first_device_time_us and id; nullptr: from the first), so a long run is read in pieces.
  std::vector<FrameBlockRecord> frame_blocks_after(std::int64_t run_id, std::int64_t device_id,
                                                   const FrameBlockRecord* after,
                                                   std::size_t limit);
  // The sequence number of the first frame archived of one device of a run (nullopt: none).
  std::optional<std::uint32_t> first_sequence(std::int64_t run_id, std::int64_t device_id);
  // Total bytes of archived frame data and frames in a run.
  std::pair<std::int64_t, std::int64_t> archive_size(std::int64_t run_id);

 private:
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_RUN_READER_H_
