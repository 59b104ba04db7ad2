// The gait simulator: per-sensel vertical force of both feet over time for a Scenario, with exact
// ground truth per step. See docs/simulator.md for the model, its numbers and sources.
//
// Contract (shared with the analysis engine):
//  - Foot frame of docs/hardware.md: origin at the rearmost heel point, +y toward the toes, +x
//    MEDIAL on both feet; millimetres.
//  - Steps alternate left, right, left, ... The first left stance starts at kFirstOnsetS.
//  - contact_s / toe_off_s: the instants the modelled total force of the foot crosses 20 N up /
//    down (bisection on the model, not sampled).
//  - strike_index: CoP y at contact_s / foot length; class by 1/3 and 2/3.
//  - flat_foot: the heel regions (medial/lateral heel, y < 0.3 L) and the forefoot regions
//    (met1-5, hallux, lesser toes, y > 0.6 L) each reach 15 N within 25 ms of each other.
//  - cpei_pct: CPEI (Song et al. 1996) of the CoP path sampled between contact and toe-off, NaN
//    when the path never reaches 2/3 L from behind (forefoot strikes).
//  - medial_fraction: force on medial regions (medial heel, medial midfoot, met1, met2, hallux)
//    over force on those plus the lateral ones (lateral heel, lateral midfoot, met4, met5, lesser
//    toes), summed over 61 evenly spaced instants from 20 % to 80 % of contact-to-toe-off.
//  - peak_force_n, loading_rate_n_per_s (20-80 % of the first peak), impulse_ns (contact to
//    toe-off): see stance_force.h.
//  Targets per class (per step, with variability): CPEI under 30, neutral 19, over 8 (sd 2);
//  medial fraction under 0.38, neutral 0.48, over 0.58; strike index rearfoot 0.10-0.22, midfoot
//  0.40-0.58, forefoot 0.72-0.85.
//
// A steady gait (SteadyGait) is the same model without the scenario's calibration and
// randomness: every stance of both feet is one given shape, CoP path and spread, one step period
// apart. The simple foot (simple_foot.h) is such a preset.
//
// Determinism: everything follows from the Scenario (including its seed) and the layout. Steps
// are planned in order, drawing a fixed number of random numbers per step, and planned only as
// far as asked; the answer for a time never depends on which times were asked before. Same
// scenario + layout -> identical forces and truth, bit for bit.
//
// Not thread-safe: sample() and truth_between() extend internal caches. A steady gait plans
// steps only for truth_between(); sampling it keeps no per-step state.
#ifndef INSOLE_HW_SIM_GAIT_SIMULATOR_H_
#define INSOLE_HW_SIM_GAIT_SIMULATOR_H_

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/cop_path.h"
#include "insole/hw/sim/plantar_spread.h"
#include "insole/hw/sim/random.h"
#include "insole/hw/sim/scenario.h"
#include "insole/hw/sim/stance_force.h"

namespace insole::hw::sim {

inline constexpr double kFirstOnsetS = 0.25;
// Per-class targets (docs/simulator.md).
inline constexpr double kCpeiUnderPct = 30.0;
inline constexpr double kCpeiNeutralPct = 19.0;
inline constexpr double kCpeiOverPct = 8.0;
inline constexpr double kMedialFractionUnder = 0.38;
inline constexpr double kMedialFractionNeutral = 0.48;
inline constexpr double kMedialFractionOver = 0.58;
// Zone onset and flat-foot window used for flat_foot.
inline constexpr double kZoneOnsetN = 15.0;
inline constexpr double kFlatFootWindowS = 0.025;

// Which side of the foot a region counts for in medial_fraction: +1 medial, -1 lateral, 0 none
// (met3).
int medial_side(Region region);

struct StepTruth {
  Foot side = Foot::kLeft;
  std::uint64_t index = 0;  // step number over both feet, from 0
  double onset_s = 0;       // the modelled force leaves zero
  double contact_s = 0;
  double toe_off_s = 0;
  double contact_time_s = 0;  // toe_off_s - contact_s
  double strike_index = 0;
  StrikeClass strike = StrikeClass::kRearfoot;  // class of strike_index
  bool flat_foot = false;
  double heel_to_forefoot_s = 0;  // forefoot onset - heel onset; NaN if a zone never loads
  PronationClass pronation = PronationClass::kNeutral;  // the class the scenario asked for
  double cpei_pct = 0;                                  // NaN when undefined
  double medial_fraction = 0;
  double peak_force_n = 0;
  double loading_rate_n_per_s = 0;
  double impulse_ns = 0;
  Asymmetry asymmetry;  // what the scenario asked for (SI %, R vs L)
};

// A gait without calibration or randomness: step n (even n left, odd n right) starts at
// first_onset_s + n x step_period_s and every stance is `shape` (whose body_weight_n is the
// runner's), `path` (its foot size is taken from the layout) and `spread`.
struct SteadyGait {
  double first_onset_s = kFirstOnsetS;
  double step_period_s = 60.0 / 170.0;  // one foot's stride is two of these
  StanceShape shape;
  CopPathParams path;
  SpreadShape spread;
  double sample_rate_hz = 200;
};

class GaitSimulator {
 public:
  // Validates the scenario (std::invalid_argument naming the field) and calibrates the stance
  // shapes of both feet so that their nominal metrics realise the asked asymmetry and shoe wear.
  // The layout must be one of hw/geometry's anatomical layouts (regions are used).
  GaitSimulator(const Scenario& scenario, const SenselLayout& layout);
  // A steady gait. Throws std::invalid_argument if a stance is not shorter than a stride
  // (2 x step_period_s), never reaches kStepThresholdN, or the rate is not positive. scenario()
  // then holds the gait's mass, cadence, contact time and rate, without variability.
  GaitSimulator(const SteadyGait& gait, const SenselLayout& layout);

  // Force on every sensel of one foot at t_s, newtons, layout order. newtons.size() must equal
  // the sensel count (std::invalid_argument otherwise).
  void sample(double t_s, Foot side, std::span<double> newtons);

  // Frame n of a recording at the scenario's sample rate: t = n / sample_rate_hz, both feet.
  double frame_time_s(std::uint64_t n) const { return static_cast<double>(n) / rate_hz_; }
  void frame(std::uint64_t n, std::span<double> left, std::span<double> right);

  // Total force and CoP of one foot (the sum and centroid of sample()).
  double total_force(double t_s, Foot side);
  std::optional<CopPoint> cop(double t_s, Foot side);

  // Truth of every step (both feet, time order) whose contact_s lies in [t0_s, t1_s).
  std::vector<StepTruth> truth_between(double t0_s, double t1_s);

  const Scenario& scenario() const { return scenario_; }
  const SenselLayout& layout() const { return layout_; }
  double body_weight_n() const { return body_weight_n_; }
  // Nominal (calibrated, variability-free) shape of one foot's stance at the start of the run.
  const StanceShape& nominal_shape(Foot side) const { return nominal_[side_index(side)]; }

 private:
  struct StepPlan {
    Foot side;
    double onset_s;
    StanceShape shape;
    CopPathParams path;
    SpreadShape spread;
    std::optional<StepTruth> truth;
  };
  static int side_index(Foot side) { return side == Foot::kLeft ? 0 : 1; }

  void plan_until(double t_s);
  void plan_next();
  // The stance of `side` in progress at t_s, or nullptr.
  const StepPlan* stance_at(double t_s, Foot side);
  // The same for a steady gait, computed instead of planned (into steady_step_).
  const StepPlan* steady_stance_at(double t_s, Foot side);
  const StepTruth& truth_of(std::size_t plan_index);
  double medial_fraction_of(const StanceShape& shape, const CopPathParams& path,
                            const SpreadShape& spread);
  // The same with the contact and toe-off tau given (no measure()).
  double medial_fraction_of(const StanceShape& shape, const CopPathParams& path,
                            const SpreadShape& spread, double contact_tau, double toe_off_tau);
  void calibrate_shapes();
  void calibrate_medial_shift();
  void index_regions();

  Scenario scenario_;
  bool steady_ = false;  // SteadyGait: every step is the nominal one, no random numbers
  SenselLayout layout_;
  PlantarSpread spreader_;
  std::vector<int> medial_side_;  // per sensel
  std::vector<int> zone_;         // per sensel: 1 heel, 2 forefoot, 0 other
  double rate_hz_;
  double body_weight_n_;
  double step_period_s_;
  StanceShape nominal_[2];
  double skew_slope_[2] = {0, 0};
  double shift_per_fraction_ = 0;  // medial shift per unit of medial fraction
  double shift_per_cpei_ = 0;      // medial shift that cancels a CPEI change in medial_fraction
  double shift_per_strike_ = 0;    // ... and a strike-index change
  double path_tau_[2][2] = {{0, 1}, {0, 1}};  // nominal contact and toe-off tau per foot  // d
                                              // log(loading rate) / d skew, for non-impact shapes
  CopPathParams base_path_;
  SpreadShape base_spread_;
  double strike_mean_ = 0;
  double strike_lo_ = 0, strike_hi_ = 0;
  double cpei_target_ = 0;
  Rng rng_;
  std::vector<StepPlan> plan_;
  std::vector<std::size_t> by_side_[2];  // plan indices per foot, in time order
  double first_onset_s_ = kFirstOnsetS;
  double next_onset_s_ = kFirstOnsetS;
  StepPlan steady_step_{};
  std::vector<double> scratch_;
};

}  // namespace insole::hw::sim

#endif  // INSOLE_HW_SIM_GAIT_SIMULATOR_H_
