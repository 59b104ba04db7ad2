// ARM semihosting (the "Semihosting for AArch32 and AArch64" spec, BKPT 0xAB on M-profile):
// file I/O on the machine running QEMU, the semihosting command line, and exit with a status
// that becomes QEMU's exit code. Only for the emulated board: on a real part without a
// debugger attached, BKPT 0xAB faults. Requires QEMU's -semihosting-config enable=on.
// Paths are relative to QEMU's working directory.
#ifndef INSOLE_FW_BOARDS_MPS2_SEMIHOSTING_H_
#define INSOLE_FW_BOARDS_MPS2_SEMIHOSTING_H_

#include <stddef.h>
#include <stdint.h>

namespace insole::fw::mps2::semihosting {

// fopen() modes as the spec numbers them.
enum class Mode : uint32_t { kRead = 1 /* rb */, kUpdate = 3 /* r+b */, kCreate = 7 /* w+b */ };

// A host file handle, or -1 when the open failed.
int32_t open(const char* name, Mode mode);
bool close(int32_t handle);
// Reads up to n bytes at the file position; returns how many were read (fewer at the end).
size_t read(int32_t handle, void* out, size_t n);
// Writes all n bytes at the file position.
bool write(int32_t handle, const void* data, size_t n);
// Moves the file position to an absolute offset.
bool seek(int32_t handle, uint32_t offset);
// The file's length in bytes, or -1.
int32_t length(int32_t handle);
// The command line given by -semihosting-config arg=... (QEMU joins the args with spaces;
// without any it passes the image's file name). False if it does not fit capacity.
bool command_line(char* out, size_t capacity);
// Ends the emulation; QEMU exits with status.
[[noreturn]] void exit(uint32_t status);

}  // namespace insole::fw::mps2::semihosting

#endif  // INSOLE_FW_BOARDS_MPS2_SEMIHOSTING_H_
