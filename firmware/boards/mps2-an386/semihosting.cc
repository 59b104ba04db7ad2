#include "semihosting.h"

#include <string.h>

namespace insole::fw::mps2::semihosting {
namespace {

// Operation numbers from the semihosting spec.
constexpr uint32_t kSysOpen = 0x01;
constexpr uint32_t kSysClose = 0x02;
constexpr uint32_t kSysWrite = 0x05;
constexpr uint32_t kSysRead = 0x06;
constexpr uint32_t kSysSeek = 0x0A;
constexpr uint32_t kSysFlen = 0x0C;
constexpr uint32_t kSysGetCmdline = 0x15;
constexpr uint32_t kSysExitExtended = 0x20;
constexpr uint32_t kAdpStoppedApplicationExit = 0x20026;

// r0 = operation, r1 = pointer to the argument block; the result comes back in r0.
int32_t call(uint32_t operation, const void* arguments) {
  register uint32_t r0 __asm("r0") = operation;
  register const void* r1 __asm("r1") = arguments;
  __asm volatile("bkpt #0xAB" : "+r"(r0) : "r"(r1) : "memory");
  return static_cast<int32_t>(r0);
}

uint32_t word(const void* p) { return reinterpret_cast<uintptr_t>(p); }

}  // namespace

int32_t open(const char* name, Mode mode) {
  const uint32_t args[3] = {word(name), static_cast<uint32_t>(mode),
                            static_cast<uint32_t>(strlen(name))};
  return call(kSysOpen, args);
}

bool close(int32_t handle) {
  const uint32_t args[1] = {static_cast<uint32_t>(handle)};
  return call(kSysClose, args) == 0;
}

size_t read(int32_t handle, void* out, size_t n) {
  const uint32_t args[3] = {static_cast<uint32_t>(handle), word(out), static_cast<uint32_t>(n)};
  const int32_t not_read = call(kSysRead, args);  // the spec returns the bytes NOT read
  if (not_read < 0 || static_cast<size_t>(not_read) > n) return 0;
  return n - static_cast<size_t>(not_read);
}

bool write(int32_t handle, const void* data, size_t n) {
  const uint32_t args[3] = {static_cast<uint32_t>(handle), word(data), static_cast<uint32_t>(n)};
  return call(kSysWrite, args) == 0;  // the bytes NOT written
}

bool seek(int32_t handle, uint32_t offset) {
  const uint32_t args[2] = {static_cast<uint32_t>(handle), offset};
  return call(kSysSeek, args) == 0;
}

int32_t length(int32_t handle) {
  const uint32_t args[1] = {static_cast<uint32_t>(handle)};
  return call(kSysFlen, args);
}

bool command_line(char* out, size_t capacity) {
  uint32_t args[2] = {word(out), static_cast<uint32_t>(capacity)};
  if (capacity == 0 || call(kSysGetCmdline, args) != 0) return false;
  out[args[1] < capacity ? args[1] : capacity - 1] = '\0';
  return true;
}

void exit(uint32_t status) {
  const uint32_t args[2] = {kAdpStoppedApplicationExit, status};
  call(kSysExitExtended, args);
  for (;;) {
  }
}

}  // namespace insole::fw::mps2::semihosting
