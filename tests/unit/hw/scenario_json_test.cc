// Scenario files: round trip, strict keys and types with messages that name the key, and every
// shipped file in hw/scenarios parses.
#include "insole/hw/sim/scenario_json.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "insole/hw/sim/scenario_file.h"

namespace insole::hw::sim {
namespace {

std::string error_of(const std::string& text) {
  try {
    scenario_from_json(text);
  } catch (const ScenarioError& e) {
    return e.what();
  }
  return "";
}

TEST(ScenarioJson, EmptyObjectGivesDefaultsAndRoundTrips) {
  const Scenario d = scenario_from_json("{}");
  EXPECT_EQ(d.cadence_spm, Scenario{}.cadence_spm);
  Scenario s;
  s.name = "x";
  s.gait = Gait::kWalk;
  s.speed_mps = 1.2;
  s.cadence_spm = 104;
  s.strike = StrikeClass::kMidfoot;
  s.strike_index = 0.45;
  s.pronation = PronationClass::kOver;
  s.asymmetry = Asymmetry{8, 1, 2, 3};
  s.shoe_wear = 0.5;
  s.variability.cpei_sd_pct = 1.5;
  s.fatigue.rate_per_hour = 0.25;
  s.seed = 18446744073709551615ull;
  const Scenario back = scenario_from_json(scenario_to_json(s));
  EXPECT_EQ(scenario_to_json(back), scenario_to_json(s));
  EXPECT_EQ(back.seed, s.seed);
  ASSERT_TRUE(back.strike_index);
  EXPECT_EQ(*back.strike_index, 0.45);
  EXPECT_FALSE(back.contact_time_s);
}

TEST(ScenarioJson, ErrorsNameTheKey) {
  EXPECT_NE(error_of("{\"speed\": 3}").find("\"speed\" is not a scenario key"), std::string::npos);
  EXPECT_NE(error_of("{\"asymmetry\": {\"peak\": 3}}").find("\"asymmetry.peak\""),
            std::string::npos);
  EXPECT_NE(error_of("{\"asymmetry\": {\"peak_force_pct\": \"8\"}}")
                .find("\"asymmetry.peak_force_pct\" must be a number"),
            std::string::npos);
  EXPECT_NE(error_of("{\"strike\": \"heel\"}").find("\"strike\" must be one of"),
            std::string::npos);
  EXPECT_NE(error_of("{\"seed\": -1}").find("\"seed\""), std::string::npos);
  EXPECT_NE(error_of("{\"eu_size\": 42.5}").find("\"eu_size\" must be an integer"),
            std::string::npos);
  EXPECT_NE(error_of("{\"body_mass_kg\": 500}").find("body_mass_kg"), std::string::npos);
  EXPECT_NE(error_of("{\"fatigue\": 1}").find("\"fatigue\" must be an object"), std::string::npos);
  EXPECT_NE(error_of("[1]").find("JSON object"), std::string::npos);
  EXPECT_NE(error_of("{\"name\": ").find("not valid JSON"), std::string::npos);
}

TEST(ScenarioJson, EveryShippedScenarioParses) {
  const std::filesystem::path dir = INSOLE_SCENARIOS_DIR;
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    ++files;
    EXPECT_NO_THROW(read_scenario_file(entry.path().string())) << entry.path();
  }
  EXPECT_GE(files, 5);
  EXPECT_THROW(read_scenario_file((dir / "no-such-file.json").string()), ScenarioError);
}

}  // namespace
}  // namespace insole::hw::sim
