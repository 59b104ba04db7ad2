#include "insole/analysis/layout.h"

#include <cmath>
#include <string>

namespace insole::analysis {

namespace {
constexpr double kHeelEnd = 0.30;
constexpr double kForefootStart = 0.60;
constexpr double kToesStart = 0.78;
constexpr double kWidthRatio = 0.38;
}  // namespace

Zones derive_zones(const Layout& layout) {
  if (layout.sensels.empty()) throw LayoutError("layout has no sensels");
  if (!(layout.foot_length_mm > 0)) throw LayoutError("layout foot_length_mm must be > 0");
  if (!(layout.sensor_time_constant_s >= 0 && layout.sensor_time_constant_s <= 0.05))
    throw LayoutError("layout sensor time constant must be 0-50 ms");
  const double length = layout.foot_length_mm;
  double heel_x = 0, heel_y = 0, fore_x = 0, fore_y = 0;
  int heel_n = 0, fore_n = 0;
  for (std::size_t i = 0; i < layout.sensels.size(); ++i) {
    const auto& s = layout.sensels[i];
    if (!std::isfinite(s.x_mm) || !std::isfinite(s.y_mm) || s.y_mm < 0 || s.y_mm > length) {
      throw LayoutError("sensel " + std::to_string(i) + " at y = " + std::to_string(s.y_mm) +
                        " mm lies outside the foot (0.." + std::to_string(length) + " mm)");
    }
    if (s.y_mm < kHeelEnd * length) {
      heel_x += s.x_mm;
      heel_y += s.y_mm;
      ++heel_n;
    } else if (s.y_mm > kForefootStart * length) {
      fore_x += s.x_mm;
      fore_y += s.y_mm;
      ++fore_n;
    }
  }
  if (heel_n == 0) throw LayoutError("layout has no sensel under the heel (y < 30% of length)");
  if (fore_n == 0) throw LayoutError("layout has no sensel under the forefoot (y > 60% of length)");
  heel_x /= heel_n;
  heel_y /= heel_n;
  fore_x /= fore_n;
  fore_y /= fore_n;
  const double slope = (fore_x - heel_x) / (fore_y - heel_y);

  Zones zones;
  zones.foot_length_mm = length;
  zones.foot_width_mm = layout.foot_width_mm > 0 ? layout.foot_width_mm : kWidthRatio * length;
  zones.flags.resize(layout.sensels.size());
  for (std::size_t i = 0; i < layout.sensels.size(); ++i) {
    const auto& s = layout.sensels[i];
    std::uint8_t f = 0;
    if (s.y_mm < kHeelEnd * length) f |= Zones::kHeel;
    if (s.y_mm > kForefootStart * length) f |= Zones::kForefoot;
    if (s.y_mm > kToesStart * length) f |= Zones::kToes;
    const double axis_x = heel_x + slope * (s.y_mm - heel_y);
    if (s.x_mm > axis_x) f |= Zones::kMedial;
    if (s.x_mm < axis_x) f |= Zones::kLateral;
    zones.flags[i] = f;
  }
  return zones;
}

}  // namespace insole::analysis
