// The host build's deterministic run (docs/firmware.md#deterministic-run), twin of the emulated
// board's: scans from a scan file (replay/scan_file.h), a scripted start at the file's rate (or
// rate_hz) for one frame per record (or `frames`), the device's framed output into a file.
// No pty and no real time: the device's clock steps from one wake-up to the next, starting at 0
// as the emulated board's pass clock does, so both boards write the same bytes.
#ifndef INSOLE_FW_BOARDS_HOST_DETERMINISTIC_RUN_H_
#define INSOLE_FW_BOARDS_HOST_DETERMINISTIC_RUN_H_

#include <cstdint>
#include <string>

#include "insole/hal/board_identity.h"
#include "insole/hal/flash.h"

namespace insole::fw::host {

struct DeterministicRun {
  std::string scans;       // --scans
  std::string frames_out;  // --frames-out
  uint32_t frames = 0;     // --frames; 0: one per record
  uint32_t rate_hz = 0;    // --rate; 0: the scan file's
};

// Runs it (flash may be nullptr) and returns the exit status: 0 when every frame was written,
// 1 otherwise, with the reason on stderr. Throws std::runtime_error for files it cannot open.
int run_deterministic(const DeterministicRun& run, const hal::BoardIdentity& identity,
                      hal::Flash* flash);

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_DETERMINISTIC_RUN_H_
