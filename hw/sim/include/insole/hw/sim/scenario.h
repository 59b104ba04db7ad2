// What the gait simulator is asked to simulate: one runner (or walker) on one pair of insoles.
//
// A Scenario is plain data with defaults for a 70 kg recreational rearfoot runner at 3.3 m/s.
// validate() checks every field against the documented range and throws std::invalid_argument
// naming the field. The JSON file format for scenarios is in scenario_json.h and
// docs/simulator.md. Pure: no I/O.
//
// Conventions (shared with the analysis, docs/simulator.md):
//  - Symmetry index of a metric M: SI = (R - L) / (0.5 (R + L)) x 100. A scenario asking for
//    SI = s gives R = M (1 + s/200) and L = M (1 - s/200); positive s: the right foot is larger.
//  - Strike index = CoP y at the 20 N contact instant / foot length; classes rearfoot < 1/3 <=
//    midfoot <= 2/3 < forefoot.
#ifndef INSOLE_HW_SIM_SCENARIO_H_
#define INSOLE_HW_SIM_SCENARIO_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace insole::hw::sim {

enum class Foot : std::uint8_t { kLeft, kRight };
enum class Gait : std::uint8_t { kRun, kWalk };
enum class StrikeClass : std::uint8_t { kRearfoot, kMidfoot, kForefoot };
enum class PronationClass : std::uint8_t { kUnder, kNeutral, kOver };

// Stable identifiers used in files: "L"/"R", "run"/"walk", "rearfoot"/"midfoot"/"forefoot",
// "under"/"neutral"/"over".
std::string_view name(Foot foot);
std::string_view name(Gait gait);
std::string_view name(StrikeClass strike);
std::string_view name(PronationClass pronation);
// Inverse of name(); nullopt for anything else (case-sensitive).
std::optional<Gait> parse_gait(std::string_view text);
std::optional<StrikeClass> parse_strike_class(std::string_view text);
std::optional<PronationClass> parse_pronation_class(std::string_view text);

// Class of a strike index: < 1/3 rearfoot, > 2/3 forefoot, midfoot in between (inclusive).
StrikeClass classify_strike_index(double strike_index);

// Left/right symmetry index per metric, % (convention above). Each in [-40, 40].
struct Asymmetry {
  double peak_force_pct = 0;
  double contact_time_pct = 0;
  double loading_rate_pct = 0;
  double impulse_pct = 0;
};

// Step-to-step variability: coefficients of variation (sd / mean) and standard deviations.
struct Variability {
  double stride_time_cv = 0.025;   // [0, 0.1]; of one foot's stride time
  double contact_time_cv = 0.03;   // [0, 0.15]
  double peak_force_cv = 0.04;     // [0, 0.15]
  double loading_rate_cv = 0.08;   // [0, 0.25]
  double strike_index_sd = 0.025;  // [0, 0.05]; results are clamped inside the class band
  double cpei_sd_pct = 2.0;        // [0, 5]; CPEI points
};

// Drift over a long run. At elapsed time h hours, with r = rate_per_hour x h (capped at 1.5):
// contact time x (1 + 0.04 r), cadence x (1 - 0.02 r), loading rate x (1 + 0.10 r), strike index
// - 0.03 r (toward the heel, kept in its class band), CPEI - 2 r points and a matching medial
// shift. 0 disables it.
struct Fatigue {
  double rate_per_hour = 0;  // [0, 2]
};

struct Scenario {
  std::string name = "default";
  Gait gait = Gait::kRun;
  double speed_mps = 3.3;    // run: [1.5, 7]; walk: [0.4, 2.2]
  double cadence_spm = 170;  // steps per minute, both feet; run [120, 220], walk [70, 140]
  double body_mass_kg = 70;  // [30, 150]
  int eu_size = 42;          // insole size, EU 36..47 (hw/geometry)
  // Contact time of one stance; nullopt: from speed (run) or a 62 % duty factor (walk).
  std::optional<double> contact_time_s;
  StrikeClass strike = StrikeClass::kRearfoot;
  // Mean strike index; nullopt: the class centre (0.16, 0.49, 0.78). Must lie inside the band
  // of `strike` documented in docs/simulator.md (rearfoot 0.10-0.22, midfoot 0.40-0.58, forefoot
  // 0.72-0.85).
  std::optional<double> strike_index;
  PronationClass pronation = PronationClass::kNeutral;
  Asymmetry asymmetry;
  double shoe_wear = 0;  // cushioning 0 = new ... 1 = worn out: peak +7.5 %, loading rate +20 %
  Variability variability;
  Fatigue fatigue;
  double sample_rate_hz = 200;  // frames per second per foot, [10, 2000]
  std::uint64_t seed = 1;
};

// Throws std::invalid_argument("scenario: <field> ...") for the first field out of range.
void validate(const Scenario& scenario);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SCENARIO_H_
