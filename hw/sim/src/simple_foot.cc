#include "insole/hw/sim/simple_foot.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace insole::hw::sim {
namespace {

// Vertical force shape (docs/simulator.md).
constexpr double kActiveExponent = 1.5;
constexpr double kImpactBodyWeights = 1.3;  // bump height for a full rearfoot strike
constexpr double kImpactCentreTau = 0.12;   // bump peaks here; it spans [0, 2 x this]
constexpr double kImpactFullStrike = 0.15;  // strike index at or below which the bump is full
constexpr double kImpactNoneStrike = 0.50;  // ... at or above which there is none

// CoP waypoints, as fractions of foot width (u) and length (v): contact (strike index, slightly
// lateral), mid-stance (under the metatarsal heads), toe-off (under the hallux).
constexpr double kCopContactU = -0.05;
constexpr double kCopMidU = 0.0;
constexpr double kCopMidV = 0.68;
constexpr double kCopToeOffU = 0.20;
constexpr double kCopToeOffV = 0.88;

// Spread: Gaussian kernel sd as fractions of width and length; the medial arch's footprint.
constexpr double kKernelSdU = 0.35;
constexpr double kKernelSdV = 0.14;
constexpr double kArchWeight = 0.15;

// Parameter ranges.
constexpr double kMinMassKg = 20.0;
constexpr double kMaxMassKg = 200.0;
constexpr double kMaxCadenceSpm = 300.0;
constexpr double kMinStrikeIndex = 0.10;
constexpr double kMaxStrikeIndex = 0.85;
constexpr double kMaxShiftOfWidth = 0.10;

// Integral of sin(pi tau)^p over [0, 1].
double sine_power_integral(double p) {
  return std::tgamma((p + 1.0) / 2.0) / (std::sqrt(std::numbers::pi) * std::tgamma(p / 2.0 + 1.0));
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("insole::hw::sim::SimpleFoot: " + what);
}

}  // namespace

SteadyGait simple_foot_gait(const SenselLayout& layout, const FootParams& params) {
  require(!layout.sensels.empty(), "the layout has no sensels");
  require(layout.foot_length_mm > 0 && layout.foot_width_mm > 0, "the layout has no foot size");
  require(params.body_mass_kg >= kMinMassKg && params.body_mass_kg <= kMaxMassKg,
          "body_mass_kg must be in [20, 200]");
  require(params.cadence_spm > 0 && params.cadence_spm <= kMaxCadenceSpm,
          "cadence_spm must be in (0, 300]");
  const double stride_period_s = 120.0 / params.cadence_spm;
  require(params.contact_time_s > 0 && params.contact_time_s < stride_period_s,
          "contact_time_s must be positive and shorter than the stride period 120/cadence_spm");
  require(params.strike_index >= kMinStrikeIndex && params.strike_index <= kMaxStrikeIndex,
          "strike_index must be in [0.10, 0.85]");
  require(std::abs(params.medial_shift_mm) <= kMaxShiftOfWidth * layout.foot_width_mm,
          "|medial_shift_mm| must not exceed 0.1 x foot width");
  require(std::isfinite(params.phase_s), "phase_s must be finite");

  SteadyGait gait;
  gait.first_onset_s = params.phase_s;
  gait.step_period_s = 60.0 / params.cadence_spm;

  StanceShape& shape = gait.shape;
  shape.gait = Gait::kRun;
  shape.duration_s = params.contact_time_s;
  shape.body_weight_n = params.body_mass_kg * kGravity;
  shape.exponent = kActiveExponent;
  shape.skew = 0;
  shape.impact = kImpactBodyWeights * std::clamp((kImpactNoneStrike - params.strike_index) /
                                                     (kImpactNoneStrike - kImpactFullStrike),
                                                 0.0, 1.0);
  shape.impact_half_width = kImpactCentreTau;
  // Impulse per stance, in BW x contact time: a * I(p) + impact * kImpactCentreTau (the raised
  // cosine over [0, 2c] integrates to c). It must equal the step period / contact time.
  shape.active = (gait.step_period_s / params.contact_time_s - shape.impact * kImpactCentreTau) /
                 sine_power_integral(kActiveExponent);

  CopPathParams& path = gait.path;
  path.shape = CopPathShape::kWaypoints;
  path.foot_length_mm = layout.foot_length_mm;
  path.foot_width_mm = layout.foot_width_mm;
  path.tau_start = 0;  // the waypoints are at the stance's onset and end, not at 20 N
  path.tau_end = 1;
  path.start_u = kCopContactU;
  path.start_v = params.strike_index;
  path.mid_u = kCopMidU;
  path.mid_v = kCopMidV;
  path.toe_off_u = kCopToeOffU;
  path.toe_off_v = kCopToeOffV;
  path.cpei = 0;
  path.medial_shift_u = params.medial_shift_mm / layout.foot_width_mm;

  gait.spread = SpreadShape{kKernelSdU, kKernelSdV, kArchWeight};
  return gait;
}

SimpleFoot::SimpleFoot(const SenselLayout& layout, FootParams params)
    : params_(params),
      stride_period_s_(120.0 / params.cadence_spm),
      gait_(simple_foot_gait(layout, params), layout) {}

void SimpleFoot::forces_at(double t_s, std::span<double> newtons) const {
  gait_.sample(t_s, Foot::kLeft, newtons);
}

double SimpleFoot::total_force_at(double t_s) const { return gait_.total_force(t_s, Foot::kLeft); }

std::optional<CentreOfPressure> SimpleFoot::cop_at(double t_s) const {
  return gait_.cop(t_s, Foot::kLeft);
}

std::vector<SimpleStepTruth> SimpleFoot::steps_between(double t0_s, double t1_s) const {
  std::vector<SimpleStepTruth> steps = gait_.truth_between(t0_s, t1_s);
  std::erase_if(steps, [](const StepTruth& s) { return s.side != Foot::kLeft; });
  return steps;
}

}  // namespace insole::hw::sim
