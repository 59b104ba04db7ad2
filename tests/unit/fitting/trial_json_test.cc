// TrialResult <-> JSON: the shape docs/web.md gives and an exact round trip through text.
#include "insole/fitting/trial_json.h"

#include <gtest/gtest.h>

#include <cmath>

#include "trial_sim.h"

namespace insole::fitting {
namespace {

using nlohmann::json;

TrialResult simulated() {
  hw::sim::Scenario s;
  s.seed = 5;
  return testing::simulate_trial(s, 12).result;
}

TEST(TrialJson, HasTheShapeTheDashboardReads) {
  const json j = trial_result_json(simulated());
  for (const char* side : {"L", "R"}) {
    const json& f = j.at(side);
    for (const char* key :
         {"steps", "strike", "strike_share", "flat_foot_pct", "pronation", "pronation_index",
          "contact_time_ms", "peak_force_n", "loading_rate_bw_per_s", "peak_pressure_kpa",
          "pressure_map_kpa", "cop_path", "layout"}) {
      EXPECT_TRUE(f.contains(key)) << side << "." << key;
    }
    EXPECT_EQ(f.at("strike"), "rearfoot");
    EXPECT_TRUE(f.at("strike_share").contains("midfoot"));
    EXPECT_EQ(f.at("cop_path").size(), kCopPathPoints);
    EXPECT_EQ(f.at("cop_path")[0].size(), 2u);
    const json& layout = f.at("layout");
    EXPECT_GT(layout.at("foot_length_mm").get<double>(), 200);
    EXPECT_TRUE(layout.contains("foot_width_mm"));
    EXPECT_EQ(layout.at("sensels")[0].size(), 3u);  // [x_mm, y_mm, area_mm2]
    EXPECT_EQ(f.at("pressure_map_kpa").size(), layout.at("sensels").size());
  }
  EXPECT_TRUE(j.at("cadence_spm").is_number());
  const json& a = j.at("asymmetry").at("peak_force");
  EXPECT_TRUE(a.at("si_pct").is_number());
  EXPECT_EQ(a.at("ci95").size(), 2u);
  EXPECT_TRUE(a.at("flagged").is_boolean());
  for (const char* m : {"impulse", "contact_time", "loading_rate"}) {
    EXPECT_TRUE(j.at("asymmetry").contains(m)) << m;
  }
}

TEST(TrialJson, RoundTripsThroughTextExactly) {
  const TrialResult r = simulated();
  const json j = trial_result_json(r);
  const TrialResult back = parse_trial_result(json::parse(j.dump()));
  EXPECT_EQ(trial_result_json(back), j);
  EXPECT_EQ(back.feet[1].steps, r.feet[1].steps);
  EXPECT_EQ(back.feet[1].pressure_map_kpa, r.feet[1].pressure_map_kpa);  // bit for bit
  EXPECT_EQ(back.feet[0].cop_path.back().y_mm, r.feet[0].cop_path.back().y_mm);
  EXPECT_EQ(back.feet[0].layout->sensels.size(), r.feet[0].layout->sensels.size());
  EXPECT_EQ(back.asymmetry[3].ci_high_pct, r.asymmetry[3].ci_high_pct);
  EXPECT_EQ(back.asymmetry[0].left_n, r.feet[0].steps);
}

TEST(TrialJson, UnmeasuredValuesAreNullAndComeBackAsNaN) {
  TrialResult r;  // nothing measured: a foot with no steps and no insole
  r.feet[0].steps = 0;
  const json j = trial_result_json(r);
  EXPECT_TRUE(j.at("L").at("contact_time_ms").is_null());
  EXPECT_TRUE(j.at("L").at("strike").is_null());
  EXPECT_TRUE(j.at("L").at("layout").is_null());
  EXPECT_TRUE(j.at("cadence_spm").is_null());
  EXPECT_TRUE(j.at("asymmetry").at("impulse").at("si_pct").is_number());  // 0 as given
  const TrialResult back = parse_trial_result(json::parse(j.dump()));
  EXPECT_TRUE(std::isnan(back.feet[0].contact_time_ms));
  EXPECT_TRUE(std::isnan(back.cadence_spm));
  EXPECT_FALSE(back.feet[0].layout);
  EXPECT_EQ(trial_result_json(back), j);
}

TEST(TrialJson, BrokenInputNamesTheKey) {
  json j = trial_result_json(simulated());
  j["R"].erase("peak_force_n");
  try {
    parse_trial_result(j);
    FAIL() << "no error";
  } catch (const TrialJsonError& e) {
    EXPECT_NE(std::string(e.what()).find("R.peak_force_n"), std::string::npos) << e.what();
  }
  j = trial_result_json(simulated());
  j["L"]["pronation"] = "sideways";
  EXPECT_THROW(parse_trial_result(j), TrialJsonError);
  EXPECT_THROW(parse_trial_result(json::array()), TrialJsonError);
}

}  // namespace
}  // namespace insole::fitting
