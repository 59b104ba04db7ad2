// The daemon's write path. A run row exists from the first device handshake (status
// 'recording'); steps and link counters arrive in batches, each batch one transaction, and
// finish() closes the run. A daemon killed mid-run leaves a 'recording' row that the next
// open_for_writing() marks 'interrupted'; committed batches are never lost.
#ifndef INSOLE_STORE_RUN_WRITER_H_
#define INSOLE_STORE_RUN_WRITER_H_

#include <cstdint>
#include <span>
#include <string_view>

#include "insole/store/records.h"
#include "insole/store/sqlite.h"

namespace insole::store {

class RunWriter {
 public:
  explicit RunWriter(Connection& db) : db_(db) {}

  // Inserts the device or refreshes its description; returns its id.
  std::int64_t upsert_device(const DeviceRecord& device);
  // A new 'recording' run, worn in ShoeStore::default_shoe() (none when no shoe is registered).
  std::int64_t begin_run(std::uint32_t sample_rate_hz);
  void attach_device(std::int64_t run_id, std::int64_t device_id, char side);
  // One transaction: the steps and the frame blocks (either may be empty), all or nothing.
  void append(std::int64_t run_id, std::span<const StepRecord> steps,
              std::span<const FrameBlockRecord> blocks = {});
  // Replaces all steps of a run in one transaction (re-analysis).
  void replace_steps(std::int64_t run_id, std::span<const StepRecord> steps);
  // Replaces the run's findings in one transaction.
  void replace_alerts(std::int64_t run_id, std::span<const AlertRecord> alerts);
  // Records a device's scale, rate and clock mapping for the run.
  void set_device_clock(std::int64_t run_id, std::int64_t device_id, double newtons_per_count,
                        std::uint32_t sample_rate_hz, std::int64_t clock_offset_us);
  void update_link(std::int64_t run_id, std::int64_t device_id, const LinkCounters& counters);
  void finish(std::int64_t run_id, std::string_view status);
  // For runs imported after the fact (recorded on the insole): when they really started, as
  // ISO 8601 UTC like the other timestamps.
  void set_started_at(std::int64_t run_id, std::string_view started_at);
  // ... and when their recording ended (finish() stamps the import time, which is not it).
  void set_ended_at(std::int64_t run_id, std::string_view ended_at);
  // ... or that their date cannot be known (started_at and ended_at NULL).
  void set_date_unknown(std::int64_t run_id);
  // Why an insole's own recording of this run ended ("flash_full": the run was cut).
  void set_recording_end(std::int64_t run_id, std::int64_t device_id, std::string_view why);
  // Deletes a run and everything stored of it (steps, raw-frame blocks, findings, its devices'
  // rows) in one transaction, for good: freed pages are zeroed and the log is checkpointed (the
  // run may be someone else's). An insole recording imported as this run stays known as
  // imported, so a sync does not bring it back. Throws for an unknown run or one still
  // recording.
  void delete_run(std::int64_t run_id);
  // For joining a run's start recorded on the insoles (run/recorded_start.h), inside the
  // caller's transaction: moves from_run's raw frames, insole recordings and fitting trials to
  // into_run and deletes the rest of from_run (its steps, findings, device rows and the run);
  // the caller places the moved frames (set_device_clock) and re-analyses into_run.
  void fold_into(std::int64_t from_run, std::int64_t into_run);
  // ... and moves a run's start earlier by by_us (started_at; ended_at stays).
  void move_start_earlier(std::int64_t run_id, std::int64_t by_us);
  // For erasing a stretch of a run (run/run_erase.h), inside the caller's transaction: replaces
  // one stored frame block (id from RunReader::frame_blocks) by what is kept of it, or deletes
  // it when replacement is null; deletes the steps that overlap [from_s, to_s] of the run.
  void replace_frame_block(std::int64_t run_id, std::int64_t block_id,
                           const FrameBlockRecord* replacement);
  void delete_steps_between(std::int64_t run_id, double from_s, double to_s);

 private:
  void insert_steps(std::int64_t run_id, std::span<const StepRecord> steps);
  Connection& db_;
};

}  // namespace insole::store

#endif  // INSOLE_STORE_RUN_WRITER_H_
