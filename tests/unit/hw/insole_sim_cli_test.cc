// insole-sim record: the files it writes, byte-identical for the same scenario and seed.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int run(const std::string& args) {
  const std::string cmd = std::string(INSOLE_SIM_BIN) + " " + args + " 2>/dev/null";
  return std::system(cmd.c_str());
}

class InsoleSimCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("insole-sim-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path dir_;
};

const std::string kScenario =
    std::string(INSOLE_SCENARIOS_DIR) + "/flatfoot-overpronator-asym8-worn.json";

TEST_F(InsoleSimCli, RecordWritesTheFourFilesDeterministically) {
  ASSERT_EQ(run("record --scenario " + kScenario + " --seconds 6 --out " + (dir_ / "a").string()),
            0);
  ASSERT_EQ(run("record --scenario " + kScenario + " --seconds 6 --out " + (dir_ / "b").string()),
            0);
  for (const char* f : {"layout.json", "recording.csv", "truth.jsonl", "meta.json"}) {
    EXPECT_EQ(slurp(dir_ / "a" / f), slurp(dir_ / "b" / f)) << f;
  }
  const std::string csv = slurp(dir_ / "a" / "recording.csv");
  EXPECT_EQ(csv.rfind("t_s,side,f0,f1,", 0), 0u);
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  int rows = 0, left = 0;
  while (std::getline(lines, line)) {
    ++rows;
    left += line.find(",L,") != std::string::npos;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), 65) << rows;
  }
  EXPECT_EQ(rows, 2 * 6 * 200);
  EXPECT_EQ(left, 6 * 200);

  const nlohmann::json layout = nlohmann::json::parse(slurp(dir_ / "a" / "layout.json"));
  EXPECT_EQ(layout["sensels"].size(), 64u);
  EXPECT_EQ(layout["name"], "eu43-r1");
  const nlohmann::json meta = nlohmann::json::parse(slurp(dir_ / "a" / "meta.json"));
  EXPECT_EQ(meta["seed"], 2026);
  std::istringstream truth(slurp(dir_ / "a" / "truth.jsonl"));
  int steps = 0;
  while (std::getline(truth, line)) {
    const nlohmann::json t = nlohmann::json::parse(line);
    EXPECT_EQ(t["strike"], "midfoot");
    EXPECT_EQ(t["pronation"], "over");
    EXPECT_TRUE(t["flat_foot"].get<bool>());
    ++steps;
  }
  EXPECT_GT(steps, 12);

  ASSERT_EQ(run("record --scenario " + kScenario + " --seconds 6 --seed 9 --out " +
                (dir_ / "c").string()),
            0);
  EXPECT_NE(slurp(dir_ / "a" / "recording.csv"), slurp(dir_ / "c" / "recording.csv"));
}

TEST_F(InsoleSimCli, ElectricalOptionWritesMeasuredNewtons) {
  ASSERT_EQ(
      run("record --scenario " + kScenario + " --seconds 2 --electrical --out " + dir_.string()),
      0);
  EXPECT_NE(slurp(dir_ / "meta.json").find("electrical chain"), std::string::npos);
}

TEST_F(InsoleSimCli, BadUsageAndBadFilesFail) {
  EXPECT_NE(run("record --seconds 2 --out " + dir_.string()), 0);
  EXPECT_NE(run("record --scenario /nonexistent.json --seconds 2 --out " + dir_.string()), 0);
  EXPECT_NE(run("frobnicate"), 0);
}

}  // namespace
