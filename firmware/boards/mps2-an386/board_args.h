// The emulated board's run-time configuration, from the semihosting command line
// (qemu-system-arm -semihosting-config enable=on,target=native,arg=KEY=VALUE,...):
//
//   flash=FILE        recording flash in FILE (created erased if missing)
//   flash-mib=N       its size in MiB (default 4; an existing file must have this size)
//   scans=FILE        deterministic run: scans from FILE (replay/scan_file.h), no UARTs
//   frames-out=FILE   ... the device's framed output goes to FILE (required with scans=)
//   frames=N          ... stop after N frames (default: one per record of the scan file)
//   rate=HZ           ... stream at HZ (default: the scan file's rate)
//   budget            measure the CPU and UART budgets on built-in scans, print them, exit
//
// Words without '=' other than "budget" are ignored: QEMU passes the image's file name when
// no arg= is given. Nothing given: the live board, as without semihosting.
#ifndef INSOLE_FW_BOARDS_MPS2_BOARD_ARGS_H_
#define INSOLE_FW_BOARDS_MPS2_BOARD_ARGS_H_

#include <stdint.h>

namespace insole::fw::mps2 {

struct BoardArgs {
  const char* flash = nullptr;
  uint32_t flash_mib = 4;
  const char* scans = nullptr;
  const char* frames_out = nullptr;
  uint32_t frames = 0;   // 0: the scan file's record count
  uint32_t rate_hz = 0;  // 0: the scan file's rate
  bool budget = false;
  const char* error = nullptr;  // set when the line is not valid; the rest is then unset
};

// Parses line, splitting it in place: the strings in the result point into it.
BoardArgs parse_board_args(char* line);

}  // namespace insole::fw::mps2

#endif  // INSOLE_FW_BOARDS_MPS2_BOARD_ARGS_H_
