// An independent foot model for validation (written separately from hw/sim): plantar load as a
// sum of anatomical regions, each with its own load-time profile over the stance, so the centre
// of pressure emerges from the regions instead of being prescribed (pure, deterministic).
//
// Foot frame as in insole/analysis/layout.h: origin at the rearmost heel point, +y toward the
// toes, +x medial, millimetres; left and right feet share coordinates.
//
// Region profile: each region rises from onset to peak as sin^2 and falls back to zero at its
// end as cos^2 (in normalised stance time s = (t - contact) / contact time). Its impulse is
// therefore amplitude x contact time x (end - onset) / 2, exactly. Amplitudes are scaled so the
// mean vertical force over a gait cycle equals body weight (each step's impulse = body weight x
// step period), then multiplied by the side's asymmetry factor and a per-step variation.
#ifndef INSOLE_HW_VALIDATION_FOOT_MODEL_H_
#define INSOLE_HW_VALIDATION_FOOT_MODEL_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace insole::hw::validation {

enum class Region : std::uint8_t {
  kHeelMedial,
  kHeelLateral,
  kMidfootLateral,
  kMidfootMedial,  // the arch: loaded by flat (over-pronating) feet
  kMth1,
  kMth2,
  kMth3,
  kMth4,
  kMth5,
  kHallux,
  kLesserToes,
};
inline constexpr std::size_t kRegionCount = 11;
std::string_view name(Region region);

enum class StrikeType : std::uint8_t { kRearfoot, kMidfoot, kForefoot };
enum class PronationType : std::uint8_t { kUnder, kNeutral, kOver };
enum class Gait : std::uint8_t { kRun, kWalk };
std::string_view name(StrikeType strike);
std::string_view name(PronationType pronation);

// Where a region's pressure sits: a 2-D Gaussian kernel (clipped to the foot outline) centred
// at (x, y) with spreads sx, sy, all in mm for the given foot length.
struct RegionGeometry {
  double x_mm = 0, y_mm = 0, sx_mm = 0, sy_mm = 0;
};
std::array<RegionGeometry, kRegionCount> region_geometry(double foot_length_mm);

// Full width of the foot outline at y (0 outside 0..length), mm; the outline is symmetric
// about x = 0.
double outline_width_mm(double foot_length_mm, double y_mm);
bool inside_outline(double foot_length_mm, double x_mm, double y_mm);

struct Runner {
  Gait gait = Gait::kRun;
  StrikeType strike = StrikeType::kRearfoot;
  PronationType pronation = PronationType::kNeutral;
  double cadence_spm = 170;      // steps per minute, both feet
  double contact_time_s = 0.25;  // mean stance duration
  double body_mass_kg = 70;
  double foot_length_mm = 265;
  double asymmetry_pct = 0;  // right minus left impulse, % of their mean (SI)
  // Runner's own place inside the pronation class, each in [-1, 1] (drawn per runner).
  double pronation_jitter = 0;
};

// One stance of one foot as planned by the model.
struct StancePlan {
  double contact_s = 0;  // region onset reference (s = 0); the 20 N crossing comes later
  double duration_s = 0;
  struct Profile {
    double onset = 0, peak = 0, end = 0;  // normalised stance time, 0 <= onset < peak < end <= 1
    double amplitude_n = 0;
  };
  // Several components per region are allowed (e.g. the heel's impact transient).
  std::vector<std::pair<Region, Profile>> components;
};

// The stance of `runner` scaled to `impulse_ns` (before the per-step variation already in it).
StancePlan plan_stance(const Runner& runner, double contact_s, double duration_s,
                       double impulse_ns);

// Load of each region at time t (N); zero outside the stance.
void region_loads(const StancePlan& plan, double t_s, std::span<double, kRegionCount> out);
double total_force(const StancePlan& plan, double t_s);
double impulse_ns(const StancePlan& plan);  // exact
// Centre of pressure of the region kernels' centres weighted by load at t (mm).
std::array<double, 2> centre_of_pressure(const StancePlan& plan, double t_s, double foot_length_mm);

// Where each region's load actually sits: the centroid of its kernel clipped to the outline
// (1 mm raster, as the grids integrate it), so the exact centre of pressure of the pressure
// field is the load-weighted mean of these (`field_centre_of_pressure`).
using RegionCentroids = std::array<std::array<double, 2>, kRegionCount>;
RegionCentroids region_centroids(double foot_length_mm);
std::array<double, 2> field_centre_of_pressure(const StancePlan& plan, double t_s,
                                               const RegionCentroids& centroids);

// The instants the continuous total force crosses `threshold_n` upward first and downward
// last (bisection to 1 microsecond on the analytic force).
struct Crossings {
  double up_s = 0;
  double down_s = 0;
};
Crossings crossings(const StancePlan& plan, double threshold_n);

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_FOOT_MODEL_H_
