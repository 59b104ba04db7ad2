// Erases a stretch of a stored run for good, as erasing a fitting customer needs (their trial
// was recorded inside the store's run): every raw frame whose run time lies in the stretch and
// every step overlapping it. A frame block reaching across an end of the stretch is decoded and
// the frames outside it are stored again as a new block, so nobody else's frames are lost.
//
// Runs inside the caller's transaction; the caller turns secure_delete on so the old blocks'
// bytes are zeroed in the file, and checkpoints the log afterwards (store/fitting.h).
#ifndef INSOLE_RUN_RUN_ERASE_H_
#define INSOLE_RUN_RUN_ERASE_H_

#include <cstdint>

#include "insole/store/sqlite.h"

namespace insole::run {

struct ErasedStretch {
  std::uint64_t frames = 0;  // raw frames erased, all devices
  std::uint64_t blocks_rewritten = 0;
};

// Throws store::StoreError on a database error and archive::ArchiveError on a block that cannot
// be decoded (nothing is erased then, when the caller rolls back).
ErasedStretch erase_run_stretch(store::Connection& db, std::int64_t run_id, double from_s,
                                double to_s);

}  // namespace insole::run

#endif  // INSOLE_RUN_RUN_ERASE_H_
