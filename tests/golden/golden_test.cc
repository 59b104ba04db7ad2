// Golden recordings (tests/golden/<name>/), each with the output it must reproduce in
// expected.jsonl: same lines, same keys, same strings and booleans, numbers equal to 1e-6
// (relative).
// - recording.txt / recording.csv: analysed offline by `insolectl analyze --json`.
// - capture-*.txt: link captures of insoles (link/capture.h), replayed through insoled
//   (`--device replay:FILE?speed=full`, one device per capture) into a fresh database; the
//   run's summary and steps (`insolectl summary|steps 1 --json`) are the output, without the
//   wall-clock dates. The same capture replayed at its recorded pace gives the same steps.
// scripts/regen-golden rewrites expected.jsonl (INSOLE_GOLDEN_REGEN=1) after an intended change.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
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

// Wall-clock dates (and the span between them) differ on every replay; everything else is a
// function of the bytes.
void drop_dates(json& j) {
  if (j.is_object()) {
    for (const char* key : {"started_at", "ended_at", "recording_span_s"}) j.erase(key);
    for (auto& [key, value] : j.items()) drop_dates(value);
  } else if (j.is_array()) {
    for (auto& value : j) drop_dates(value);
  }
}

std::vector<fs::path> captures_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& f : fs::directory_iterator(dir)) {
    const std::string name = f.path().filename().string();
    if (name.rfind("capture-", 0) == 0 && f.path().extension() == ".txt") out.push_back(f.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

// The captures of dir replayed through insoled into a fresh database: the summary line, then a
// line per step.
std::vector<json> replay_output(const fs::path& dir, const std::string& speed) {
  const fs::path db = fs::temp_directory_path() /
                      ("insole-golden-" + std::to_string(::getpid()) + "-" + speed + ".db");
  for (const char* suffix : {"", "-wal", "-shm", "-writer.lock"}) fs::remove(db.string() + suffix);
  std::vector<std::string> argv = {INSOLED, "--db", db.string(), "--api-socket", "none"};
  for (const fs::path& capture : captures_in(dir))
    argv.insert(argv.end(), {"--device", "replay:" + capture.string() + "?speed=" + speed});
  ChildProcess daemon(argv);
  EXPECT_EQ(daemon.wait(120s), 0) << daemon.output();
  std::vector<json> out;
  for (const char* what : {"summary", "steps"}) {
    ChildProcess ctl({INSOLECTL, "--db", db.string(), what, "1", "--json"});
    EXPECT_EQ(ctl.wait(60s), 0) << ctl.output();
    json j = json::parse(ctl.output(), nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << ctl.output();
    drop_dates(j);
    if (std::string(what) == "steps" && j.is_object() && j.contains("steps")) {
      for (const auto& step : j["steps"]) out.push_back(step);
    } else if (j.is_array()) {
      for (const auto& step : j) out.push_back(step);
    } else {
      out.push_back(j);
    }
  }
  for (const char* suffix : {"", "-wal", "-shm", "-writer.lock"}) fs::remove(db.string() + suffix);
  return out;
}

std::vector<json> analyze_output(const fs::path& dir) {
  std::vector<std::string> argv = {INSOLECTL, "analyze"};
  if (fs::exists(dir / "recording.txt")) {
    argv.insert(argv.end(), {"--format", "gaitpdb", (dir / "recording.txt").string()});
  } else {
    argv.insert(argv.end(),
                {"--layout", (dir / "layout.json").string(), (dir / "recording.csv").string()});
  }
  argv.push_back("--json");
  ChildProcess ctl(argv);
  EXPECT_EQ(ctl.wait(60s), 0) << ctl.output();
  return lines_of(ctl.output());
}

bool regenerating() {
  const char* regen = std::getenv("INSOLE_GOLDEN_REGEN");
  return regen != nullptr && std::string(regen) == "1";
}

std::vector<fs::path> golden_dirs() {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(INSOLE_GOLDEN_DIR))
    if (entry.is_directory()) out.push_back(entry.path());
  std::sort(out.begin(), out.end());
  return out;
}

TEST(Golden, EveryRecordingReproducesItsExpectedOutput) {
  int checked = 0;
  for (const fs::path& dir : golden_dirs()) {
    SCOPED_TRACE(dir.filename().string());
    const bool replayed = !captures_in(dir).empty();
    const auto got = replayed ? replay_output(dir, "full") : analyze_output(dir);
    if (regenerating()) {
      std::ofstream out(dir / "expected.jsonl");
      for (const json& line : got) out << line.dump() << "\n";
      std::printf("golden: %s: %zu lines written\n", dir.filename().c_str(), got.size());
      continue;
    }
    std::ifstream expected_file(dir / "expected.jsonl");
    std::stringstream expected;
    expected << expected_file.rdbuf();
    const auto want = lines_of(expected.str());
    ASSERT_FALSE(want.empty());
    ASSERT_EQ(want.size(), got.size());
    for (std::size_t i = 0; i < want.size(); ++i)
      expect_same(want[i], got[i], "line " + std::to_string(i + 1));
    ++checked;
  }
  if (!regenerating()) {
    EXPECT_GE(checked, 2);
  }
}

// A replay at full speed must give what the insoles gave live: the same steps as a replay at the
// recorded pace (each frame is stamped with its recorded arrival: link.h last_read_arrival()).
// At the recorded pace a busy machine may serve one foot's replay a little later than the
// other's, which moves the run's time origin by the two handshakes' distance (a few ms) and the
// flight times between feet; so each step must match in side and forces, and in its times to
// within 5 ms.
TEST(Golden, ReplayAtFullSpeedGivesTheStepsOfTheRecordedPace) {
  if (regenerating()) GTEST_SKIP() << "regenerating";
  for (const fs::path& dir : golden_dirs()) {
    if (captures_in(dir).empty()) continue;
    SCOPED_TRACE(dir.filename().string());
    const auto full = replay_output(dir, "full");
    const auto recorded = replay_output(dir, "recorded");
    ASSERT_EQ(full.size(), recorded.size());
    ASSERT_GT(full.size(), 10u);  // a summary and steps
    EXPECT_EQ(full[0]["steps"], recorded[0]["steps"]);
    for (std::size_t i = 1; i < full.size(); ++i) {
      const std::string where = "step " + std::to_string(i);
      EXPECT_EQ(full[i]["side"], recorded[i]["side"]) << where;
      for (const char* time : {"contact_s", "toe_off_s"})
        EXPECT_NEAR(full[i][time].get<double>(), recorded[i][time].get<double>(), 0.005) << where;
      EXPECT_NEAR(full[i]["contact_time_s"].get<double>(),
                  recorded[i]["contact_time_s"].get<double>(), 0.001)
          << where;
      for (const char* value : {"peak_force_n", "impulse_ns"}) {
        const double a = full[i][value].get<double>(), b = recorded[i][value].get<double>();
        EXPECT_NEAR(a, b, 1e-3 * std::abs(a)) << where << " " << value;
      }
    }
    return;  // one capture is enough to show it (each takes its recorded time)
  }
  FAIL() << "no golden capture";
}

}  // namespace
}  // namespace insole::testing
