#include "insole/run/grid_layouts.h"

#include <charconv>
#include <string>

namespace insole::run {

analysis::Layout to_analysis_layout(const hw::SenselLayout& layout) {
  analysis::Layout out;
  out.name = layout.grid_id;
  out.foot_length_mm = layout.foot_length_mm;
  out.foot_width_mm = layout.foot_width_mm;
  out.sensels.reserve(layout.sensels.size());
  // The area a pad's force stands for, so force / area is the pressure there (sensel_layout.h).
  for (const auto& s : layout.sensels) out.sensels.push_back({s.x_mm, s.y_mm, s.load_area_mm2});
  return out;
}

std::optional<analysis::Layout> layout_for_grid(std::string_view grid_id) {
  // "eu<size>-r<revision>"
  if (grid_id.size() < 6 || grid_id.substr(0, 2) != "eu") return std::nullopt;
  int size = 0;
  const char* begin = grid_id.data() + 2;
  const auto [end, ec] = std::from_chars(begin, grid_id.data() + grid_id.size(), size);
  if (ec != std::errc() || size < hw::kMinEuSize || size > hw::kMaxEuSize) return std::nullopt;
  const hw::SenselLayout layout = hw::layout_for_eu_size(size);
  if (layout.grid_id != grid_id) return std::nullopt;  // another revision of the grid
  return to_analysis_layout(layout);
}

}  // namespace insole::run
