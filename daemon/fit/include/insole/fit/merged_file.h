// A watch's own FIT activity with insole's figures added (pure): every message of the watch's
// file is kept byte for byte; its record and session definitions gain insole's developer fields
// (a developer data index of their own, after any the file already uses), each record carrying
// insole's figures for its second (insole_cadence, insole_stance_time, insole_stance_balance,
// strike and pronation index, peak force, loading rate) and the session the run's (flat
// landings, impulse asymmetry, strike and pronation per foot, shoe). One file for Garmin
// Connect or Strava holds both (docs/interop.md).
#ifndef INSOLE_FIT_MERGED_FILE_H_
#define INSOLE_FIT_MERGED_FILE_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "insole/fit/activity_file.h"

namespace insole::fit {

struct MergedFile {
  std::vector<std::uint8_t> bytes;
  std::size_t records = 0;           // the watch file's records
  std::size_t records_with_run = 0;  // ... on a second insole has figures for
};

// Throws FitDecodeError for a watch file that does not decode, std::invalid_argument for one
// that is not an activity, or a run without steps.
MergedFile merge_into(std::span<const std::uint8_t> watch_file, const Activity& activity);

}  // namespace insole::fit

#endif  // INSOLE_FIT_MERGED_FILE_H_
