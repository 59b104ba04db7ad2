#include "insole/hw/sim/gaitpdb_file.h"

#include <fstream>
#include <sstream>

namespace insole::hw::sim {

std::vector<GaitpdbSample> read_gaitpdb_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw GaitpdbError(path + ": cannot open the gaitpdb recording");
  std::ostringstream text;
  text << in.rdbuf();
  try {
    return parse_gaitpdb(text.str());
  } catch (const GaitpdbError& e) {
    throw GaitpdbError(path + ": " + e.what());
  }
}

}  // namespace insole::hw::sim
