// gaitpdb replay: frames equal the file's values, layout in the foot frame, clear errors. Reads
// the real recordings from ${INSOLE_DATASETS_DIR}/physionet-gaitpdb (CMake cache variable).
#include "insole/hw/sim/gaitpdb.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "insole/hw/sim/gaitpdb_file.h"

namespace insole::hw::sim {
namespace {

namespace fs = std::filesystem;

fs::path data_dir() { return fs::path(INSOLE_DATASETS_DIR) / "physionet-gaitpdb" / "data"; }

// Fails the test when the dataset configured is missing; callers skip when none was configured.
bool require_dataset() {
  if (fs::is_directory(data_dir())) return true;
  ADD_FAILURE() << "gaitpdb dataset not found at " << data_dir()
                << "; set the CMake cache variable INSOLE_DATASETS_DIR to the directory holding "
                   "physionet-gaitpdb/";
  return false;
}

// An independent reading of the file: split on whitespace with strtod.
std::vector<std::vector<double>> naive_rows(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::vector<double>> rows;
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::vector<double> row;
    std::string f;
    while (fields >> f) row.push_back(std::strtod(f.c_str(), nullptr));
    if (!row.empty()) rows.push_back(row);
  }
  return rows;
}

TEST(GaitpdbReplay, FramesEqualTheFileValuesForEveryRecording) {
  if (std::string(INSOLE_DATASETS_DIR).empty()) {
    GTEST_SKIP() << "no datasets folder was found at configure time (see the CMake warning)";
  }
  if (!require_dataset()) return;
  int files = 0;
  for (const auto& entry : fs::directory_iterator(data_dir())) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".txt" || name.rfind("SHA256", 0) == 0) continue;
    ++files;
    const std::vector<std::vector<double>> rows = naive_rows(entry.path());
    const GaitpdbReplay replay(read_gaitpdb_file(entry.path().string()));
    ASSERT_EQ(replay.frame_count(), rows.size()) << entry.path();
    std::vector<double> left(8), right(8);
    for (std::size_t n = 0; n < rows.size(); ++n) {
      ASSERT_EQ(rows[n].size(), 19u);
      replay.frame(n, left, right);
      ASSERT_EQ(replay.frame_time_s(n), rows[n][0]);
      for (std::size_t i = 0; i < 8; ++i) {
        ASSERT_EQ(left[i], rows[n][1 + i]) << entry.path() << " row " << n;
        ASSERT_EQ(right[i], rows[n][9 + i]) << entry.path() << " row " << n;
      }
    }
  }
  EXPECT_GE(files, 31);
}

TEST(GaitpdbReplay, TotalsMatchTheSensorSums) {
  if (std::string(INSOLE_DATASETS_DIR).empty()) {
    GTEST_SKIP() << "no datasets folder was found at configure time (see the CMake warning)";
  }
  if (!require_dataset()) return;
  const std::vector<GaitpdbSample> s = read_gaitpdb_file((data_dir() / "GaCo01_01.txt").string());
  ASSERT_EQ(s.size(), 12119u);
  for (const GaitpdbSample& x : s) {
    double l = 0, r = 0;
    for (std::size_t i = 0; i < 8; ++i) {
      l += x.left[i];
      r += x.right[i];
    }
    EXPECT_NEAR(l, x.left_total_n, 0.0051);
    EXPECT_NEAR(r, x.right_total_n, 0.0051);
  }
  EXPECT_NEAR(s.back().t_s, 121.1715, 1e-9);
}

TEST(GaitpdbReplay, LayoutSitsInTheFootFrame) {
  const SenselLayout layout = gaitpdb_layout(265);
  ASSERT_EQ(layout.sensels.size(), 8u);
  EXPECT_NEAR(layout.sensels[0].y_mm, 0.07 * 265, 1e-9);  // heel
  EXPECT_NEAR(layout.sensels[7].y_mm, 0.90 * 265, 1e-9);  // toe
  EXPECT_NEAR(layout.sensels[0].x_mm, 0, 1e-9);
  EXPECT_GT(layout.sensels[2].x_mm, 0);  // sensor 3: |X| = 300, medial
  EXPECT_LT(layout.sensels[1].x_mm, 0);  // sensor 2: |X| = 700, lateral
  EXPECT_NEAR(layout.sensels[2].x_mm, 27.5, 0.01);
  for (const Sensel& s : layout.sensels)
    EXPECT_TRUE(inside_outline(default_layout(), s.x_mm, s.y_mm));
}

TEST(GaitpdbReplay, MalformedTextIsRefusedWithItsLine) {
  const std::string good =
      "0.0000\t1\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t36\t100\r\n";
  EXPECT_EQ(parse_gaitpdb(good + good).size(), 2u);
  try {
    parse_gaitpdb(good + "0.01\t1\t2\r\n");
    FAIL();
  } catch (const GaitpdbError& e) {
    EXPECT_NE(std::string(e.what()).find("line 2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(
      parse_gaitpdb(good + "0.01\tx\t2\t3\t4\t5\t6\t7\t8\t9\t10\t11\t12\t13\t14\t15\t16\t1\t1\n"),
      GaitpdbError);
  EXPECT_THROW(parse_gaitpdb(""), GaitpdbError);
  EXPECT_THROW(read_gaitpdb_file("/nonexistent/gaitpdb.txt"), GaitpdbError);
}

}  // namespace
}  // namespace insole::hw::sim
