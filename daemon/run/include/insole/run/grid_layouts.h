// Sensel layouts of the insole grids the daemon knows, by the grid id a device reports
// (DeviceInfo.grid_id, e.g. "eu42-r1"), converted to what the analysis needs.
#ifndef INSOLE_RUN_GRID_LAYOUTS_H_
#define INSOLE_RUN_GRID_LAYOUTS_H_

#include <optional>
#include <string_view>

#include "insole/analysis/layout.h"
#include "insole/hw/sensel_layout.h"

namespace insole::run {

analysis::Layout to_analysis_layout(const hw::SenselLayout& layout);

// nullopt for a grid id this build does not know (the device is newer than the daemon).
std::optional<analysis::Layout> layout_for_grid(std::string_view grid_id);

}  // namespace insole::run

#endif  // INSOLE_RUN_GRID_LAYOUTS_H_
