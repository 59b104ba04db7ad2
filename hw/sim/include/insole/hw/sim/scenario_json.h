// Scenario files: JSON text <-> Scenario (format in docs/simulator.md, examples in hw/scenarios/).
//
// Every key is optional and defaults to the Scenario default; unknown keys, wrong types and
// out-of-range values are errors. Errors throw ScenarioError whose message names the key, e.g.
// `scenario: "asymmetry.peak_force_pct" must be a number`. Pure: text in, text out; reading the
// file is the caller's job (see read_scenario_file in scenario_file.h).
#ifndef INSOLE_HW_SIM_SCENARIO_JSON_H_
#define INSOLE_HW_SIM_SCENARIO_JSON_H_

#include <stdexcept>
#include <string>
#include <string_view>

#include "insole/hw/sim/scenario.h"

namespace insole::hw::sim {

class ScenarioError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Parses and validates. Throws ScenarioError (malformed JSON, unknown key, wrong type, range).
Scenario scenario_from_json(std::string_view text);

// Every field, including defaults, pretty-printed with two-space indentation; parses back to an
// equal scenario.
std::string scenario_to_json(const Scenario& scenario);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SCENARIO_JSON_H_
