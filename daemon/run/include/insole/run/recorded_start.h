// A run the PC joined late. With no host, an insole records by itself (firmware
// RecordingTrigger); when a host arrives it ends that recording ('host') and streams on with the
// next sequence number. insoled imports the recording as a run of its own while it records the
// live run; join_recorded_start() makes them one run again once the live run has ended: the
// recording's frames (each foot's, when both recorded) move into the live run, which now begins
// when the insoles began, and the whole run is analysed again from its archive, in one
// transaction (nothing changes when it fails).
//
// A recording is the start of a run when, for the same insole, its last frame's sequence number
// is followed by the run's first (same boot: no frame scanned in between), its recording ended
// because the host arrived, and it ended within kToleranceUs of the run's start on the wall
// clock. Every insole of the recording's run that is also in the live run must continue it that
// way, at the same rate, and an insole only the recording has must be on a side the live run
// lacks; otherwise nothing is joined.
#ifndef INSOLE_RUN_RECORDED_START_H_
#define INSOLE_RUN_RECORDED_START_H_

#include <cstdint>
#include <optional>

#include "insole/store/sqlite.h"

namespace insole::run {

struct JoinedStart {
  std::int64_t joined_run_id = 0;  // the recording's run, gone now
  std::int64_t earlier_us = 0;     // how much earlier the run begins
  std::uint64_t frames_added = 0;
  std::uint64_t steps_left = 0;  // of the whole run after the join
  std::uint64_t steps_right = 0;
};

inline constexpr std::int64_t kRecordedStartToleranceUs = 60'000'000;

// Joins one recorded start into run_id (call again for a second one: the two feet's recordings
// may be separate runs). nullopt when there is none or the run is still recording. Throws
// (std::runtime_error, store::StoreError) with nothing changed when the join fails.
std::optional<JoinedStart> join_recorded_start(store::Connection& db, std::int64_t run_id);

}  // namespace insole::run

#endif  // INSOLE_RUN_RECORDED_START_H_
