// Base fixture of tests that need files: a fresh directory per test (named after the test and
// the process, so parallel runs never share one), removed afterwards, and a database path in it.
#ifndef INSOLE_TESTS_SUPPORT_SCRATCH_DIR_TEST_H_
#define INSOLE_TESTS_SUPPORT_SCRATCH_DIR_TEST_H_

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace insole::testing {

class ScratchDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           (std::string("insole-") + info->test_suite_name() + "-" + info->name() + "-" +
            std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "insole.db").string();
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
  std::string db_;
};

}  // namespace insole::testing

#endif  // INSOLE_TESTS_SUPPORT_SCRATCH_DIR_TEST_H_
