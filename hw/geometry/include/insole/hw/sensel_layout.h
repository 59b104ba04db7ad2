// Sensel geometry of the insole for each shoe size: where every force sensor ("sensel") sits,
// how large it is and which anatomical region of the foot it lies under.
//
// Foot frame, used by everything in insole (geometry, simulator, analysis): millimetres, origin
// at the rearmost point of the heel, +y along the long axis of the foot toward the toes, +x
// toward the MEDIAL side (big-toe side). Left and right feet therefore share coordinates: a
// right-foot layout is the mirror image of the physical left one, and nothing downstream needs
// to know the side to interpret a position.
//
// The sensel order in SenselLayout::sensels is the reading order on the wire (Frame.readings).
// The table behind it is one revision of the layout ("r1" in grid_id); any change to positions,
// sizes, regions or order must bump that revision. See docs/hardware.md.
//
// Pure data and functions: no I/O, no global state.
#ifndef INSOLE_HW_SENSEL_LAYOUT_H_
#define INSOLE_HW_SENSEL_LAYOUT_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace insole::hw {

// Anatomical region under a sensel. Medial/lateral are relative to the foot's long axis (x = 0).
enum class Region : std::uint8_t {
  kMedialHeel,
  kLateralHeel,
  kMedialMidfoot,   // under the medial longitudinal arch: little load in a normal foot
  kLateralMidfoot,  // the lateral band that carries load between heel and forefoot
  kMet1,            // under the first metatarsal head and shaft (medial forefoot)
  kMet2,
  kMet3,
  kMet4,
  kMet5,  // lateral forefoot
  kHallux,
  kLesserToes,
};

inline constexpr int kRegionCount = 11;

// Every region in enum order, for iteration.
inline constexpr std::array<Region, kRegionCount> kAllRegions = {
    Region::kMedialHeel, Region::kLateralHeel, Region::kMedialMidfoot, Region::kLateralMidfoot,
    Region::kMet1,       Region::kMet2,        Region::kMet3,          Region::kMet4,
    Region::kMet5,       Region::kHallux,      Region::kLesserToes};

// Stable snake_case identifier ("medial_heel", "met1", "lesser_toes", ...), fit for logs, JSON
// and database columns. Returns "unknown" for a value outside the enum.
std::string_view region_name(Region region);

// One force-sensing pad: a square of side sqrt(area_mm2) centred on (x_mm, y_mm), foot frame.
// The pads cover about a third of the insole and their forces add up to the whole load (the
// simulator spreads each region's load over them; a real insole is calibrated so): a pad's force
// stands for the load on the part of the insole nearer to it than to any other pad,
// load_area_mm2, and force / load_area_mm2 is the mean pressure there. force / area_mm2 would
// read about three times too high.
struct Sensel {
  double x_mm;
  double y_mm;
  double area_mm2;
  Region region;
  double load_area_mm2 = 0;
};

// A vertex of the insole outline, foot frame.
struct OutlinePoint {
  double x_mm;
  double y_mm;
};

struct SenselLayout {
  std::string grid_id;    // "eu<size>-r<revision>", e.g. "eu42-r1"; sent as DeviceInfo.grid_id
  int eu_size;            // Continental European (Paris point) shoe size
  double foot_length_mm;  // heel to longest toe of the foot this insole is made for
  double foot_width_mm;   // ball width of that foot
  std::vector<Sensel> sensels;        // kSenselCount pads, in reading order
  std::vector<OutlinePoint> outline;  // insole outline, a simple polygon, counter-clockwise
};

inline constexpr int kMinEuSize = 36;
inline constexpr int kMaxEuSize = 47;
inline constexpr int kDefaultEuSize = 42;
inline constexpr std::size_t kSenselCount = 64;
inline constexpr int kLayoutRevision = 1;

// Foot length for an EU size: last length = size x 2/3 cm (one Paris point per size), minus a
// 15 mm toe allowance. EU 42 -> 280 mm last -> 265 mm foot (Mondopoint 265). Throws
// std::invalid_argument outside [kMinEuSize, kMaxEuSize].
double foot_length_mm_for_eu_size(int eu_size);

// Ball width used for an EU size: 0.38 x foot length. Same range and errors as above.
double foot_width_mm_for_eu_size(int eu_size);

// The layout for one size: the same anatomical table scaled by foot length (y, pad size) and
// foot width (x). Every pad lies wholly inside the outline and no two pads overlap. Throws
// std::invalid_argument outside [kMinEuSize, kMaxEuSize].
SenselLayout layout_for_eu_size(int eu_size);

// layout_for_eu_size(kDefaultEuSize).
SenselLayout default_layout();

// Whether (x_mm, y_mm) lies inside layout.outline (points exactly on an edge may go either way).
bool inside_outline(const SenselLayout& layout, double x_mm, double y_mm);

}  // namespace insole::hw

#endif  // INSOLE_HW_SENSEL_LAYOUT_H_
