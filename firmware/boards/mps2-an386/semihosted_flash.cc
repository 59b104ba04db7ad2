#include "semihosted_flash.h"

#include <string.h>

#include "semihosting.h"

namespace insole::fw::mps2 {
namespace {

// Bounded stack buffers: the image's stack is 2 KiB.
constexpr size_t kChunk = 128;

}  // namespace

bool SemihostedFlash::open(const char* name, uint32_t size_bytes, const char** why) {
  if (size_bytes == 0 || size_bytes % kSectorBytes != 0) {
    *why = "flash size is not a whole number of 4 KiB sectors";
    return false;
  }
  handle_ = semihosting::open(name, semihosting::Mode::kUpdate);
  if (handle_ >= 0) {
    if (semihosting::length(handle_) != static_cast<int32_t>(size_bytes)) {
      *why = "flash file exists with another size than flash-mib says";
      semihosting::close(handle_);
      handle_ = -1;
      return false;
    }
    size_ = size_bytes;
    return true;
  }
  handle_ = semihosting::open(name, semihosting::Mode::kCreate);
  if (handle_ < 0) {
    *why = "cannot open or create the flash file";
    return false;
  }
  size_ = size_bytes;
  if (!fill_erased(0, size_bytes)) {
    *why = "cannot write the new flash file";
    semihosting::close(handle_);
    handle_ = -1;
    return false;
  }
  return true;
}

bool SemihostedFlash::fill_erased(uint32_t address, uint32_t n) {
  uint8_t ones[kChunk];
  memset(ones, 0xFF, sizeof(ones));
  if (!semihosting::seek(handle_, address)) return false;
  for (uint32_t done = 0; done < n; done += sizeof(ones)) {
    if (!semihosting::write(handle_, ones, sizeof(ones))) return false;
  }
  return true;
}

bool SemihostedFlash::erase_sector(uint32_t sector) {
  if (sector >= sector_count()) return false;
  return fill_erased(sector * kSectorBytes, kSectorBytes);
}

bool SemihostedFlash::program(uint32_t address, const uint8_t* data, size_t n) {
  if (!in_range(address, n)) return false;
  uint8_t cells[kChunk];
  for (size_t done = 0; done < n;) {
    const size_t k = n - done < sizeof(cells) ? n - done : sizeof(cells);
    const uint32_t at = address + static_cast<uint32_t>(done);
    if (!semihosting::seek(handle_, at) || semihosting::read(handle_, cells, k) != k) return false;
    for (size_t i = 0; i < k; ++i) cells[i] &= data[done + i];  // NOR: bits only clear
    if (!semihosting::seek(handle_, at) || !semihosting::write(handle_, cells, k)) return false;
    done += k;
  }
  return true;
}

bool SemihostedFlash::read(uint32_t address, uint8_t* data, size_t n) {
  if (!in_range(address, n)) return false;
  return semihosting::seek(handle_, address) && semihosting::read(handle_, data, n) == n;
}

}  // namespace insole::fw::mps2
