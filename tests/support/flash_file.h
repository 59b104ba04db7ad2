// Reads a host-firmware insole's file-backed recording flash (--flash) from outside, as tests
// that wait for the insole to record by itself need (layout:
// firmware/core/include/insole/fw/recording_store.h). Never used by the product.
#ifndef INSOLE_TESTS_SUPPORT_FLASH_FILE_H_
#define INSOLE_TESTS_SUPPORT_FLASH_FILE_H_

#include <cstdint>
#include <string>
#include <vector>

namespace insole::testing {

// Committed records of the offline recording at the start of the flash file's log (sector 1);
// 0 while there is none.
std::uint32_t offline_records(const std::string& flash_path);

// Every offline recording in a flash file: its boot, committed records, rate and whether its
// closing fields are programmed.
struct FlashRecording {
  std::uint32_t boot = 0;
  std::uint32_t records = 0;
  std::uint32_t rate_hz = 0;
  bool closed = false;
};
std::vector<FlashRecording> offline_recordings(const std::string& flash_path);

}  // namespace insole::testing

#endif  // INSOLE_TESTS_SUPPORT_FLASH_FILE_H_
