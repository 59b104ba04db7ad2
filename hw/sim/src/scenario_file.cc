#include "insole/hw/sim/scenario_file.h"

#include <fstream>
#include <sstream>

#include "insole/hw/sim/scenario_json.h"

namespace insole::hw::sim {

Scenario read_scenario_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ScenarioError(path + ": cannot open the scenario file");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return scenario_from_json(text.str());
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(path + ": " + e.what());
  }
}

}  // namespace insole::hw::sim
