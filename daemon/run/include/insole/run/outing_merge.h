// One outing, two insoles, each synced on its own session
// (docs/service.md#runs-recorded-with-no-pc): the first foot synced becomes a one-foot run at once;
// when the other foot's recording of the same outing arrives (overlapping on the wall clock),
// add_foot_to_run() adds it to that run instead of making a second one. Both feet are placed on the
// wall clock (each insole's uptime at its sync, FlashImporter), the run's zero moves to the earlier
// start, and the whole run is analysed again with both feet (steps, flight time, asymmetry,
// findings), all in one transaction: nothing already stored is lost if it fails.
#ifndef INSOLE_RUN_OUTING_MERGE_H_
#define INSOLE_RUN_OUTING_MERGE_H_

#include <cstdint>
#include <string>

#include "insole/run/flash_records.h"
#include "insole/store/sqlite.h"
#include "insole/v1/device.pb.h"

namespace insole::run {

// The foot already stored as a one-foot run.
struct StoredFoot {
  std::int64_t run_id = 0;
  std::int64_t ended_wall_us = 0;  // the end of its recording's last frame
  std::int64_t device_id = 0;
  std::uint64_t start_device_time_us = 0;  // device time of its recording's first frame
  std::int64_t started_wall_us = 0;        // the same instant on the wall clock (Unix µs)
};

// The other foot, verified and decoded from its flash recording.
struct AddedFoot {
  const insole::v1::DeviceInfo* info = nullptr;
  std::int64_t device_id = 0;
  const FlashRecords* records = nullptr;
  std::uint64_t start_device_time_us = 0;
  std::int64_t started_wall_us = 0;
  std::uint32_t sample_rate_hz = 0;
};

struct MergedRun {
  std::uint64_t steps_left = 0;
  std::uint64_t steps_right = 0;
  std::int64_t started_wall_us = 0;  // the run's new zero
};

// Throws (std::runtime_error, store::StoreError, FlashRecordError) with nothing changed when the
// run is not a one-foot run of the stored device, the feet are on the same side, a grid is
// unknown, or a record or the database fails. Runs inside the caller's transaction if any.
MergedRun add_foot_to_run(store::Connection& db, const StoredFoot& stored, const AddedFoot& added);

}  // namespace insole::run

#endif  // INSOLE_RUN_OUTING_MERGE_H_
