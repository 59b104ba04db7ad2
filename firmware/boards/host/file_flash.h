// hal::Flash for the host build: the recording flash is a file, so recordings survive a
// restart of insole-fw-host as a real NOR survives a power cycle. NOR semantics as hal/flash.h
// states them: a new file is created erased (0xFF), erase writes 0xFF, program reads, ANDs and
// writes back (bits only clear). pread/pwrite at the flash address; nothing is cached.
#ifndef INSOLE_FW_BOARDS_HOST_FILE_FLASH_H_
#define INSOLE_FW_BOARDS_HOST_FILE_FLASH_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "insole/hal/flash.h"

namespace insole::fw::host {

class FileFlash final : public hal::Flash {
 public:
  // Opens `path` as a flash of size_bytes (a non-zero multiple of kSectorBytes), creating it
  // erased if it does not exist. Throws std::runtime_error naming the file if it cannot be
  // opened or created, or exists with another size (a short or foreign file).
  FileFlash(std::string path, uint64_t size_bytes);
  ~FileFlash();
  FileFlash(const FileFlash&) = delete;
  FileFlash& operator=(const FileFlash&) = delete;

  uint32_t sector_count() const override { return sectors_; }
  bool erase_sector(uint32_t sector) override;
  bool program(uint32_t address, const uint8_t* data, size_t n) override;
  bool read(uint32_t address, uint8_t* data, size_t n) override;

  const std::string& path() const { return path_; }

 private:
  bool in_range(uint32_t address, size_t n) const;

  std::string path_;
  int fd_ = -1;
  uint32_t sectors_ = 0;
};

}  // namespace insole::fw::host

#endif  // INSOLE_FW_BOARDS_HOST_FILE_FLASH_H_
