// Reading a scenario file from disk (the only I/O of the scenario code).
#ifndef INSOLE_HW_SIM_SCENARIO_FILE_H_
#define INSOLE_HW_SIM_SCENARIO_FILE_H_

#include <string>

#include "insole/hw/sim/scenario.h"

namespace insole::hw::sim {

// Reads and parses `path`. Throws ScenarioError with the path in the message when the file cannot
// be read or does not parse (scenario_json.h).
Scenario read_scenario_file(const std::string& path);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_SCENARIO_FILE_H_
