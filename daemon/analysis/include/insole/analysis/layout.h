// Sensel layout as the analysis sees it: positions only, in the foot frame used everywhere
// (origin at the rearmost heel point, +y toward the toes, +x medial, millimetres; left and right
// feet share coordinates). Any layout works: regions are derived from geometry, not from names.
#ifndef INSOLE_ANALYSIS_LAYOUT_H_
#define INSOLE_ANALYSIS_LAYOUT_H_

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace insole::analysis {

struct SenselPosition {
  double x_mm = 0;
  double y_mm = 0;
  // The insole area whose load the sensel's force stands for (force / area = the pressure
  // there): the cell of a grid that tiles the insole, the part nearest a discrete pad whose forces
  // add up to the whole load. 0: unknown (no pressure is shown). Not used by the gait analysis.
  double area_mm2 = 0;
};

struct Layout {
  std::string name;
  double foot_length_mm = 0;
  double foot_width_mm = 0;  // 0: estimated as 0.38 x length (ISO 9407 proportions)
  // The sensels' first-order time constant, when the insole's maker declares it (measured for
  // its sensor material with a step load); 0: unknown, and nothing is compensated.
  double sensor_time_constant_s = 0;
  std::vector<SenselPosition> sensels;
};

class LayoutError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// Zones used by the step metrics, one id per sensel.
//  - heel: y < 30% of foot length; forefoot: y > 60% (metatarsal heads and toes); toes:
//    y > 78% (beyond the metatarsal heads, which lie at 65-75 %), within the forefoot.
//  - medial/lateral: x on either side of the foot's long axis, the line through the heel
//    sensels' centroid and the forefoot sensels' centroid.
struct Zones {
  enum : std::uint8_t { kHeel = 1, kForefoot = 2, kMedial = 4, kLateral = 8, kToes = 16 };
  std::vector<std::uint8_t> flags;  // per sensel, OR of the bits above
  double foot_length_mm = 0;
  double foot_width_mm = 0;
};

// Checks the layout (non-empty, positive foot length, sensels inside 0..length, both heel and
// forefoot populated) and derives its zones; throws LayoutError saying what is wrong.
Zones derive_zones(const Layout& layout);

}  // namespace insole::analysis

#endif  // INSOLE_ANALYSIS_LAYOUT_H_
