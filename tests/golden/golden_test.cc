// Every tests/golden/<name>/ recording analysed by insolectl must reproduce expected.jsonl:
// same lines, same keys, same strings and booleans, numbers equal to 1e-6 (relative).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "child_process.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using namespace std::chrono_literals;

void expect_same(const json& want, const json& got, const std::string& where) {
  if (want.is_number() && got.is_number()) {
    const double a = want.get<double>(), b = got.get<double>();
    EXPECT_LE(std::abs(a - b), 1e-6 * std::max(1.0, std::abs(a)))
        << where << ": " << a << " vs " << b;
    return;
  }
  ASSERT_EQ(want.type(), got.type()) << where;
  if (want.is_object()) {
    ASSERT_EQ(want.size(), got.size()) << where << ": keys differ\n"
                                       << want.dump() << "\n"
                                       << got.dump();
    for (auto it = want.begin(); it != want.end(); ++it) {
      ASSERT_TRUE(got.contains(it.key())) << where << ": missing " << it.key();
      expect_same(*it, got[it.key()], where + "." + it.key());
    }
  } else if (want.is_array()) {
    ASSERT_EQ(want.size(), got.size()) << where;
    for (std::size_t i = 0; i < want.size(); ++i)
      expect_same(want[i], got[i], where + "[" + std::to_string(i) + "]");
  } else {
    EXPECT_EQ(want, got) << where;
  }
}

std::vector<json> lines_of(const std::string& text) {
  std::vector<json> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

TEST(Golden, EveryRecordingReproducesItsExpectedOutput) {
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(INSOLE_GOLDEN_DIR)) {
    if (!entry.is_directory()) continue;
    const fs::path dir = entry.path();
    SCOPED_TRACE(dir.filename().string());
    std::vector<std::string> argv = {INSOLECTL, "analyze"};
    if (fs::exists(dir / "recording.txt")) {
      argv.insert(argv.end(), {"--format", "gaitpdb", (dir / "recording.txt").string()});
    } else {
      argv.insert(argv.end(),
                  {"--layout", (dir / "layout.json").string(), (dir / "recording.csv").string()});
    }
    argv.push_back("--json");
    ChildProcess ctl(argv);
    ASSERT_EQ(ctl.wait(60s), 0) << ctl.output();
    std::ifstream expected_file(dir / "expected.jsonl");
    std::stringstream expected;
    expected << expected_file.rdbuf();
    const auto want = lines_of(expected.str());
    const auto got = lines_of(ctl.output());
    ASSERT_FALSE(want.empty());
    ASSERT_EQ(want.size(), got.size());
    for (std::size_t i = 0; i < want.size(); ++i)
      expect_same(want[i], got[i], "line " + std::to_string(i + 1));
    ++checked;
  }
  EXPECT_GE(checked, 1);
}

}  // namespace
}  // namespace insole::testing
