// The host build's file-backed recording flash (firmware/boards/host/file_flash.h): NOR
// semantics on a real file, persistence across reopening, and clear errors for files it
// cannot use.
#include "file_flash.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "insole/fw/device.h"

namespace insole::fw::host {
namespace {

namespace fs = std::filesystem;
constexpr uint64_t kSize = 64 * hal::Flash::kSectorBytes;

class FileFlashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("insole-file-flash-" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
            std::to_string(getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    path_ = (dir_ / "flash.bin").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::vector<uint8_t> file_bytes() const {
    std::ifstream in(path_, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  }
  std::string error_of(uint64_t size) const {
    try {
      FileFlash flash(path_, size);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }

  fs::path dir_;
  std::string path_;
};

TEST_F(FileFlashTest, ANewFileIsAnErasedChipOfTheGivenSize) {
  FileFlash flash(path_, kSize);
  EXPECT_EQ(flash.sector_count(), 64u);
  const std::vector<uint8_t> bytes = file_bytes();
  ASSERT_EQ(bytes.size(), kSize);
  for (uint8_t b : bytes) ASSERT_EQ(b, 0xFF);
}

TEST_F(FileFlashTest, ProgramOnlyClearsBitsAndEraseSetsTheSector) {
  FileFlash flash(path_, kSize);
  const uint32_t at = 5 * hal::Flash::kSectorBytes + 10;
  const uint8_t first[3] = {0xF0, 0x0F, 0xAA};
  const uint8_t second[3] = {0x3C, 0xFF, 0x55};
  ASSERT_TRUE(flash.program(at, first, 3));
  ASSERT_TRUE(flash.program(at, second, 3));
  uint8_t got[3] = {};
  ASSERT_TRUE(flash.read(at, got, 3));
  EXPECT_EQ(got[0], 0x30);  // 0xF0 & 0x3C
  EXPECT_EQ(got[1], 0x0F);  // a 1 in the data cannot set a cleared bit
  EXPECT_EQ(got[2], 0x00);
  EXPECT_EQ(file_bytes()[at], 0x30);  // on the file, not in a cache

  ASSERT_TRUE(flash.erase_sector(5));
  ASSERT_TRUE(flash.read(at, got, 3));
  EXPECT_EQ(got[0], 0xFF);
  EXPECT_EQ(got[2], 0xFF);
}

TEST_F(FileFlashTest, OutOfRangeCallsFailWithoutTouchingTheFile) {
  FileFlash flash(path_, kSize);
  const uint8_t zero[4] = {};
  uint8_t got[4];
  EXPECT_FALSE(flash.program(static_cast<uint32_t>(kSize) - 2, zero, 4));
  EXPECT_FALSE(flash.read(static_cast<uint32_t>(kSize) - 2, got, 4));
  EXPECT_FALSE(flash.erase_sector(64));
  EXPECT_EQ(file_bytes().size(), kSize);
  EXPECT_EQ(file_bytes()[kSize - 1], 0xFF);
}

TEST_F(FileFlashTest, ContentsPersistAcrossReopening) {
  const uint8_t data[2] = {0x12, 0x34};
  {
    FileFlash flash(path_, kSize);
    ASSERT_TRUE(flash.program(4096 * 7, data, 2));
  }
  FileFlash again(path_, kSize);
  uint8_t got[2] = {};
  ASSERT_TRUE(again.read(4096 * 7, got, 2));
  EXPECT_EQ(got[0], 0x12);
  EXPECT_EQ(got[1], 0x34);
}

TEST_F(FileFlashTest, TheRecordingStoreCountsBootsAcrossReopening) {
  uint32_t boot_ids[2] = {};
  for (uint32_t& id : boot_ids) {
    FileFlash flash(path_, kSize);
    RecordingStore store;
    store.mount(&flash);
    ASSERT_EQ(store.state(), RecordingStore::State::kOk);
    id = store.boot_id();
  }
  EXPECT_EQ(boot_ids[1], boot_ids[0] + 1);
}

TEST_F(FileFlashTest, AShortFileIsRefusedWithItsSize) {
  std::ofstream(path_, std::ios::binary) << std::string(1000, '\xff');
  const std::string error = error_of(kSize);
  EXPECT_NE(error.find(path_), std::string::npos) << error;
  EXPECT_NE(error.find("is 1000 bytes, expected 262144"), std::string::npos) << error;
  EXPECT_EQ(file_bytes().size(), 1000u);  // left as it was
}

TEST_F(FileFlashTest, AnUnopenableFileIsRefusedWithTheReason) {
  path_ = dir_.string();  // a directory cannot be a flash
  const std::string error = error_of(kSize);
  EXPECT_NE(error.find("cannot open flash file " + path_), std::string::npos) << error;
  path_ = (dir_ / "missing-dir" / "flash.bin").string();
  EXPECT_NE(error_of(kSize).find("No such file or directory"), std::string::npos);
}

TEST_F(FileFlashTest, ASizeThatIsNotWholeSectorsIsRefused) {
  EXPECT_NE(error_of(5000).find("not a whole number of 4 KiB sectors"), std::string::npos);
  EXPECT_FALSE(fs::exists(path_));
}

}  // namespace
}  // namespace insole::fw::host
