// Reading a gaitpdb recording from disk (gaitpdb.h describes the format).
#ifndef INSOLE_HW_SIM_GAITPDB_FILE_H_
#define INSOLE_HW_SIM_GAITPDB_FILE_H_

#include <string>
#include <vector>

#include "insole/hw/sim/gaitpdb.h"

namespace insole::hw::sim {

// Throws GaitpdbError with the path in the message if the file cannot be read or parsed.
std::vector<GaitpdbSample> read_gaitpdb_file(const std::string& path);

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_GAITPDB_FILE_H_
