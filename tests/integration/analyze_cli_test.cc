// `insolectl analyze`, the stable machine interface of docs/cli.md, as a real process: a
// simulated recording in, JSON lines out; bad input gives a message naming the line, a non-zero
// exit and nothing on stdout.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>

#include "child_process.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/run/grid_layouts.h"
#include "scratch_dir_test.h"

namespace insole::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

class AnalyzeCliTest : public ScratchDirTest {
 protected:
  std::string write(const std::string& name, const std::string& text) {
    const std::string p = (dir_ / name).string();
    std::ofstream(p) << text;
    return p;
  }

  // A 20 s recording of the scenario, in the analysis CSV format, plus its layout.
  void write_simulated(const hw::sim::Scenario& scenario, bool with_right = true) {
    const auto hw_layout = hw::layout_for_eu_size(42);
    const auto layout = run::to_analysis_layout(hw_layout);
    nlohmann::json lj = {{"name", layout.name},
                         {"foot_length_mm", layout.foot_length_mm},
                         {"foot_width_mm", layout.foot_width_mm},
                         {"sensels", nlohmann::json::array()}};
    for (const auto& s : layout.sensels) {
      lj["sensels"].push_back({{"x_mm", s.x_mm}, {"y_mm", s.y_mm}, {"area_mm2", s.area_mm2}});
    }
    write("layout.json", lj.dump());
    hw::sim::GaitSimulator sim(scenario, hw_layout);
    std::ostringstream csv;
    csv << "t_s,side";
    for (std::size_t i = 0; i < layout.sensels.size(); ++i) csv << ",f" << i;
    csv << "\n";
    std::vector<double> l(layout.sensels.size()), r(layout.sensels.size());
    // 40 s: enough steps (20 a side, and a stable interval) for an asymmetry to be flagged.
    for (std::uint64_t n = 0; n < 40 * 200; ++n) {
      sim.frame(n, l, r);
      for (int side = 0; side < (with_right ? 2 : 1); ++side) {
        csv << sim.frame_time_s(n) << (side == 0 ? ",L" : ",R");
        for (double f : side == 0 ? l : r) csv << "," << f;
        csv << "\n";
      }
    }
    write("run.csv", csv.str());
  }
};

TEST_F(AnalyzeCliTest, SimulatedFlatFootOverpronatorGivesStepsSummaryAndAlerts) {
  hw::sim::Scenario sc;
  sc.strike = hw::sim::StrikeClass::kMidfoot;
  sc.pronation = hw::sim::PronationClass::kOver;
  sc.asymmetry.peak_force_pct = 8;
  sc.asymmetry.impulse_pct = 8;
  sc.shoe_wear = 1;
  write_simulated(sc);
  ChildProcess ctl({INSOLECTL, "analyze", "--layout", (dir_ / "layout.json").string(),
                    (dir_ / "run.csv").string(), "--json"});
  ASSERT_EQ(ctl.wait(60s), 0) << ctl.output();
  std::istringstream lines(ctl.output());
  std::string line;
  int steps = 0, midfoot = 0, over = 0;
  nlohmann::json summary;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j["type"] == "step") {
      ++steps;
      for (const char* key :
           {"side", "contact_s", "toe_off_s", "strike_index", "strike", "flat_foot",
            "pronation_index", "pronation", "peak_force_n", "loading_rate_n_per_s", "impulse_ns"}) {
        ASSERT_TRUE(j.contains(key)) << key;
      }
      midfoot += j["strike"] == "midfoot" && j["flat_foot"] == true;
      over += j["pronation"] == "over";
    } else {
      summary = j;
    }
  }
  EXPECT_GE(steps, 50);
  EXPECT_GE(midfoot, steps * 9 / 10);
  EXPECT_GE(over, steps * 9 / 10);
  ASSERT_EQ(summary["type"], "summary");
  EXPECT_EQ(summary["strike"]["L"], "midfoot");
  EXPECT_EQ(summary["pronation"]["R"], "over");
  const auto& peak = summary["asymmetry"]["peak_force"];
  EXPECT_NEAR(peak["si_pct"].get<double>(), 8.0, 2.0);
  EXPECT_TRUE(peak["flagged"].get<bool>());
  EXPECT_EQ(peak["ci95"].size(), 2u);
  std::set<std::string> codes, information;
  for (const auto& a : summary["alerts"]) codes.insert(a["code"].get<std::string>());
  for (const auto& a : summary["information"]) information.insert(a["code"].get<std::string>());
  EXPECT_TRUE(codes.count("flat_landing"));
  EXPECT_TRUE(codes.count("imbalance"));
  // Pronation is information: a recording alone has no baseline it could have changed against.
  EXPECT_FALSE(codes.count("overpronation"));
  EXPECT_TRUE(information.count("overpronation"));
}

TEST_F(AnalyzeCliTest, AFootThatWasNotThereHasNoValuesAndNoFindingAboutIt) {
  write_simulated(hw::sim::Scenario{}, /*with_right=*/false);
  ChildProcess human({INSOLECTL, "analyze", "--layout", (dir_ / "layout.json").string(),
                      (dir_ / "run.csv").string()});
  ASSERT_EQ(human.wait(60s), 0) << human.output();
  const std::string out = human.output();
  EXPECT_NE(out.find("steps L "), std::string::npos) << out;
  EXPECT_NE(out.find(", R 0;"), std::string::npos) << out;  // "steps L n, R 0; ..."
  EXPECT_NE(out.find("  R     no data\n"), std::string::npos) << out;
  EXPECT_NE(out.find("Only the left foot was recorded"), std::string::npos) << out;
  EXPECT_NE(out.find("no data (needs steps of both feet)"), std::string::npos) << out;
  EXPECT_EQ(out.find("nan"), std::string::npos) << out;
  EXPECT_EQ(out.find("(  0.0)"), std::string::npos) << out;
  EXPECT_EQ(out.find("nothing to change"), std::string::npos) << out;

  ChildProcess json({INSOLECTL, "analyze", "--layout", (dir_ / "layout.json").string(),
                     (dir_ / "run.csv").string(), "--json"});
  ASSERT_EQ(json.wait(60s), 0) << json.output();
  std::istringstream lines(json.output());
  std::string line;
  nlohmann::json summary;
  while (std::getline(lines, line)) {
    const auto j = nlohmann::json::parse(line);
    if (j["type"] == "summary") summary = j;
  }
  ASSERT_FALSE(summary.is_null());
  EXPECT_TRUE(summary["pronation_index"]["R"].is_null());
  EXPECT_TRUE(summary["strike"]["R"].is_null());
  EXPECT_TRUE(summary["asymmetry"]["peak_force"]["si_pct"].is_null());
  EXPECT_FALSE(summary["pronation_index"]["L"].is_null());
}

TEST_F(AnalyzeCliTest, BadInputNamesTheLineExitsNonZeroAndPrintsNothing) {
  write("layout.json",
        R"({"name":"two","foot_length_mm":265,"sensels":[{"x_mm":0,"y_mm":30,"area_mm2":100},)"
        R"({"x_mm":0,"y_mm":200,"area_mm2":100}]})");
  struct Case {
    const char* csv;
    const char* message;
  };
  const Case cases[] = {
      {"t_s,side,f0,f1\n0,L,1,2\n0.01,L,1\n", "line 3: expected 4 columns, found 3"},
      {"t_s,side,f0,f1\n0,L,1,2\n0.01,L,1,abc\n", "line 3: f1 'abc' is not a number"},
      {"t_s,side,f0,f1\n0,L,1,2\n0.01,X,1,2\n", "line 3: side 'X' is neither L nor R"},
      {"t_s,side,f0,f1\n0.5,L,1,2\n0.4,L,1,2\n", "line 3: time 0.400000 s is not after"},
      {"t_s,side,f0,f1,f2\n", "header has 3 force columns but the layout has 2 sensels"},
  };
  for (const Case& c : cases) {
    const std::string rec = write("bad.csv", c.csv);
    ChildProcess ctl(
        {INSOLECTL, "analyze", "--layout", (dir_ / "layout.json").string(), rec, "--json"});
    EXPECT_EQ(ctl.wait(20s), 1) << c.csv;
    EXPECT_NE(ctl.stderr_text().find(c.message), std::string::npos) << ctl.stderr_text();
    EXPECT_EQ(ctl.output(), ctl.stderr_text()) << "stdout must stay empty";
  }
  const std::string bad_layout =
      write("bad_layout.json", R"({"foot_length_mm": 265, "sensels": []})");
  ChildProcess ctl({INSOLECTL, "analyze", "--layout", bad_layout, (dir_ / "bad.csv").string()});
  EXPECT_EQ(ctl.wait(20s), 1);
  EXPECT_NE(ctl.stderr_text().find("non-empty array \"sensels\""), std::string::npos)
      << ctl.output();
}

TEST_F(AnalyzeCliTest, ReadsGaitpdbDirectly) {
  if (std::string(INSOLE_DATASETS_DIR).empty()) {
    GTEST_SKIP() << "no datasets folder was found at configure time (see the CMake warning)";
  }
  const std::string file =
      std::string(INSOLE_DATASETS_DIR) + "/physionet-gaitpdb/data/JuCo01_01.txt";
  ASSERT_TRUE(fs::exists(file)) << "missing dataset " << file;
  ChildProcess ctl({INSOLECTL, "analyze", "--format", "gaitpdb", file, "--json"});
  ASSERT_EQ(ctl.wait(30s), 0) << ctl.output();
  const std::string out = ctl.output();
  const auto last = out.find_last_of('\n', out.size() - 2);
  const auto summary = nlohmann::json::parse(out.substr(last + 1));
  // 53.5 s of walking at ~1.19 s per stride: about 44 steps per foot.
  EXPECT_NEAR(summary["steps"]["L"].get<int>(), 44, 3);
  EXPECT_NEAR(summary["steps"]["R"].get<int>(), 44, 3);
  EXPECT_NEAR(summary["cadence_spm"].get<double>(), 101, 4);
  EXPECT_NEAR(summary["mean_flight_time_s"].get<double>(), 0.0, 1e-9);  // walking: never airborne
}

}  // namespace
}  // namespace insole::testing
