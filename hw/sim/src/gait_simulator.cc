#include "insole/hw/sim/gait_simulator.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace insole::hw::sim {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Shoe wear at 1 (worn out) relative to new: stance peak and loading rate (docs/simulator.md).
constexpr double kWornPeakGain = 0.075;
constexpr double kWornLoadingRateGain = 0.20;
constexpr double kWornImpactGain = 0.10;
// Fatigue effects per unit of rate x hours (capped at kFatigueCap).
constexpr double kFatigueCap = 1.5;
constexpr double kFatigueContact = 0.04;
constexpr double kFatigueCadence = 0.02;
constexpr double kFatigueLoadingRate = 0.10;
constexpr double kFatigueStrike = 0.03;
constexpr double kFatigueCpeiPct = 2.0;
constexpr double kFatigueShiftU = 0.01;
// Step-to-step sd of the medial fraction (its own noise; CPEI and strike noise are cancelled).
constexpr double kMedialFractionSd = 0.012;
constexpr double kFatigueMedialFraction = 0.02;

struct Band {
  double lo, centre, hi;
};

Band strike_band(StrikeClass strike) {
  switch (strike) {
    case StrikeClass::kRearfoot:
      return {0.10, 0.16, 0.22};
    case StrikeClass::kMidfoot:
      return {0.40, 0.49, 0.58};
    case StrikeClass::kForefoot:
      return {0.72, 0.78, 0.85};
  }
  return {0.10, 0.16, 0.22};
}

double cpei_target(PronationClass p) {
  switch (p) {
    case PronationClass::kUnder:
      return kCpeiUnderPct;
    case PronationClass::kNeutral:
      return kCpeiNeutralPct;
    case PronationClass::kOver:
      return kCpeiOverPct;
  }
  return kCpeiNeutralPct;
}

double medial_fraction_target(PronationClass p) {
  switch (p) {
    case PronationClass::kUnder:
      return kMedialFractionUnder;
    case PronationClass::kNeutral:
      return kMedialFractionNeutral;
    case PronationClass::kOver:
      return kMedialFractionOver;
  }
  return kMedialFractionNeutral;
}

// Flatter arch (over-pronation) puts load on the medial midfoot; a high arch (under) almost none.
double arch_weight(PronationClass p) {
  switch (p) {
    case PronationClass::kUnder:
      return 0.08;
    case PronationClass::kNeutral:
      return 0.15;
    case PronationClass::kOver:
      return 0.35;
  }
  return 0.15;
}

// SI convention: R = M (1 + s/200), L = M (1 - s/200).
double side_factor(Foot side, double si_pct) {
  return side == Foot::kLeft ? 1.0 - si_pct / 200.0 : 1.0 + si_pct / 200.0;
}

}  // namespace

int medial_side(Region region) {
  switch (region) {
    case Region::kMedialHeel:
    case Region::kMedialMidfoot:
    case Region::kMet1:
    case Region::kMet2:
    case Region::kHallux:
      return 1;
    case Region::kLateralHeel:
    case Region::kLateralMidfoot:
    case Region::kMet4:
    case Region::kMet5:
    case Region::kLesserToes:
      return -1;
    case Region::kMet3:
      return 0;
  }
  return 0;
}

GaitSimulator::GaitSimulator(const Scenario& scenario, const SenselLayout& layout)
    : scenario_(scenario), layout_(layout), spreader_(layout), rng_(scenario.seed) {
  validate(scenario_);
  rate_hz_ = scenario_.sample_rate_hz;
  body_weight_n_ = scenario_.body_mass_kg * kGravity;
  step_period_s_ = 60.0 / scenario_.cadence_spm;
  index_regions();

  const Band band = strike_band(scenario_.strike);
  strike_lo_ = band.lo;
  strike_hi_ = band.hi;
  strike_mean_ = scenario_.strike_index.value_or(band.centre);
  cpei_target_ = cpei_target(scenario_.pronation);

  base_path_.foot_length_mm = layout_.foot_length_mm;
  base_path_.foot_width_mm = layout_.foot_width_mm;
  base_path_.start_v = strike_mean_;
  // Progress of the CoP along the foot: a heel strike dwells on the heel (foot flat at ~15-20 %
  // of stance), a flat landing rolls forward from the midfoot sooner; walkers stay longer on
  // the heel (docs/simulator.md).
  if (scenario_.gait == Gait::kWalk) {
    base_path_.progress_centre = 0.40;
    base_path_.progress_steepness = 6.0;
  } else if (scenario_.strike == StrikeClass::kRearfoot) {
    base_path_.progress_centre = 0.38;
    base_path_.progress_steepness = 9.0;
  } else {
    base_path_.progress_centre = 0.35;
    base_path_.progress_steepness = 6.0;
  }
  base_path_.mid_v = std::max(0.73, strike_mean_ - 0.06);
  base_path_.cpei = cpei_target_ / 100.0;
  base_spread_.arch_weight = arch_weight(scenario_.pronation);
  // A flat-foot landing loads heel and forefoot together: a longer kernel along the foot.
  if (scenario_.strike == StrikeClass::kMidfoot) base_spread_.kernel_sd_v = 0.26;
  if (scenario_.strike == StrikeClass::kRearfoot) base_spread_.kernel_sd_v = 0.10;

  calibrate_shapes();
  calibrate_medial_shift();
}

GaitSimulator::GaitSimulator(const SteadyGait& gait, const SenselLayout& layout)
    : steady_(true), layout_(layout), spreader_(layout), rng_(0) {
  if (!(gait.sample_rate_hz > 0)) {
    throw std::invalid_argument("GaitSimulator: a steady gait needs a positive sample rate");
  }
  if (!(gait.step_period_s > 0 && gait.shape.duration_s > 0 &&
        gait.shape.duration_s < 2.0 * gait.step_period_s)) {
    throw std::invalid_argument(
        "GaitSimulator: a steady gait's stance must be shorter than its stride (2 step periods)");
  }
  measure(gait.shape);  // throws when the stance never reaches kStepThresholdN
  scenario_.name = "steady";
  scenario_.body_mass_kg = gait.shape.body_weight_n / kGravity;
  scenario_.cadence_spm = 60.0 / gait.step_period_s;
  scenario_.contact_time_s = gait.shape.duration_s;
  scenario_.sample_rate_hz = gait.sample_rate_hz;
  scenario_.variability = Variability{0, 0, 0, 0, 0, 0};
  rate_hz_ = gait.sample_rate_hz;
  body_weight_n_ = gait.shape.body_weight_n;
  step_period_s_ = gait.step_period_s;
  first_onset_s_ = gait.first_onset_s;
  nominal_[0] = nominal_[1] = gait.shape;
  base_path_ = gait.path;
  base_path_.foot_length_mm = layout_.foot_length_mm;
  base_path_.foot_width_mm = layout_.foot_width_mm;
  base_spread_ = gait.spread;
  index_regions();
}

void GaitSimulator::index_regions() {
  for (const Sensel& s : layout_.sensels) {
    medial_side_.push_back(medial_side(s.region));
    const bool heel = s.region == Region::kMedialHeel || s.region == Region::kLateralHeel;
    const bool fore = s.region == Region::kMet1 || s.region == Region::kMet2 ||
                      s.region == Region::kMet3 || s.region == Region::kMet4 ||
                      s.region == Region::kMet5 || s.region == Region::kHallux ||
                      s.region == Region::kLesserToes;
    zone_.push_back(heel ? 1 : (fore ? 2 : 0));
  }
  scratch_.resize(layout_.sensels.size());
}

void GaitSimulator::calibrate_shapes() {
  const Scenario& s = scenario_;
  StanceShape base;
  base.gait = s.gait;
  base.body_weight_n = body_weight_n_;
  if (s.gait == Gait::kRun) {
    // Contact time falls with speed: 0.25 s at 3.3 m/s, 0.20 s at 5 m/s (e.g. Nummela et al.
    // 2007, Int J Sports Med 28:655; Cavanagh & Lafortune 1980).
    base.duration_s =
        s.contact_time_s.value_or(std::min(0.1 + 0.5 / s.speed_mps, 0.9 * step_period_s_));
    base.exponent = 1.5;
    if (s.strike == StrikeClass::kRearfoot) {
      base.impact = 1.35 * std::sqrt(s.speed_mps / 3.3);
      base.impact_half_width = 0.10;
    }
  } else {
    // Walking: stance ~62 % of the stride at usual speed (Perry & Burnfield 2010).
    base.duration_s = s.contact_time_s.value_or(2.0 * step_period_s_ * 0.62);
    base.exponent = 0.6;
    base.valley = 0.30;
  }
  // Active amplitude from the impulse balance: the feet together carry body weight over a
  // stride, so one stance delivers BW x step period.
  const double impulse_target = body_weight_n_ * step_period_s_;
  base.active = 2.5;
  for (int i = 0; i < 30; ++i) base.active *= impulse_target / measure(base).impulse_ns;
  const StanceMetrics m0 = measure(base);

  for (Foot side : {Foot::kLeft, Foot::kRight}) {
    StanceShape shape = base;
    shape.impact *= 1.0 + kWornImpactGain * s.shoe_wear;
    const double ct_t = m0.contact_time_s * side_factor(side, s.asymmetry.contact_time_pct);
    const double pk_t = m0.peak_force_n * (1.0 + kWornPeakGain * s.shoe_wear) *
                        side_factor(side, s.asymmetry.peak_force_pct);
    const double lr_t = m0.loading_rate_n_per_s * (1.0 + kWornLoadingRateGain * s.shoe_wear) *
                        side_factor(side, s.asymmetry.loading_rate_pct);
    const double j_t = m0.impulse_ns * side_factor(side, s.asymmetry.impulse_pct);
    const bool impact = shape.impact > 0;
    double slope = 0;
    if (impact) {
      // Elasticity of the loading rate to the impact width: d log LR / d log(1 / w).
      StanceShape a = shape, b = shape;
      a.impact_half_width *= 1.05;
      b.impact_half_width /= 1.05;
      slope =
          (std::log(measure(b).loading_rate_n_per_s) - std::log(measure(a).loading_rate_n_per_s)) /
          (2.0 * std::log(1.05));
    } else {
      StanceShape a = shape, b = shape;
      a.skew = -0.05;
      b.skew = 0.05;
      slope =
          (std::log(measure(b).loading_rate_n_per_s) - std::log(measure(a).loading_rate_n_per_s)) /
          0.1;
    }
    if (!(std::abs(slope) > 1e-3)) throw std::logic_error("gait: loading rate ignores its control");
    double residual = 1;
    for (int it = 0; it < 500 && residual > 1e-7; ++it) {
      const StanceMetrics m = measure(shape);
      const double r_ct = ct_t / m.contact_time_s;
      const double r_pk = pk_t / m.peak_force_n;
      const double r_lr = lr_t / m.loading_rate_n_per_s;
      const double r_j = j_t / m.impulse_ns;
      residual =
          std::max({std::abs(r_ct - 1), std::abs(r_pk - 1), std::abs(r_lr - 1), std::abs(r_j - 1)});
      shape.duration_s *= r_ct;
      shape.active *= r_pk;
      shape.exponent = std::clamp(shape.exponent * std::pow(r_j, -2.0), 0.2, 8.0);
      if (impact) {
        shape.impact_half_width =
            std::clamp(shape.impact_half_width * std::pow(r_lr, -1.0 / slope), 0.02, 0.25);
      } else {
        shape.skew = std::clamp(shape.skew + 0.7 * std::log(r_lr) / slope, -0.8, 0.8);
      }
    }
    if (residual > 1e-3) {
      throw std::invalid_argument(
          "scenario: the asked asymmetry and shoe wear cannot be realised together (residual " +
          std::to_string(residual) + "); reduce asymmetry values");
    }
    nominal_[side_index(side)] = shape;
    const StanceMetrics m = measure(shape);
    path_tau_[side_index(side)][0] = m.contact_offset_s / shape.duration_s;
    path_tau_[side_index(side)][1] = m.toe_off_offset_s / shape.duration_s;
    skew_slope_[side_index(side)] = slope;
  }
}

double GaitSimulator::medial_fraction_of(const StanceShape& shape, const CopPathParams& path,
                                         const SpreadShape& spread) {
  const StanceMetrics m = measure(shape);
  return medial_fraction_of(shape, path, spread, m.contact_offset_s / shape.duration_s,
                            m.toe_off_offset_s / shape.duration_s);
}

double GaitSimulator::medial_fraction_of(const StanceShape& shape, const CopPathParams& path,
                                         const SpreadShape& spread, double c, double o) {
  double medial = 0, lateral = 0;
  constexpr int kInstants = 61;
  for (int i = 0; i < kInstants; ++i) {
    const double tau = c + (o - c) * (0.2 + 0.6 * i / (kInstants - 1.0));
    spreader_.spread(stance_force(shape, tau), cop_on_path(path, tau), spread, scratch_);
    for (std::size_t k = 0; k < scratch_.size(); ++k) {
      if (medial_side_[k] > 0) medial += scratch_[k];
      if (medial_side_[k] < 0) lateral += scratch_[k];
    }
  }
  return medial + lateral > 0 ? medial / (medial + lateral) : kNaN;
}

void GaitSimulator::calibrate_medial_shift() {
  const double target = medial_fraction_target(scenario_.pronation);
  const StanceShape& shape = nominal_[0];
  double lo = -0.3, hi = 0.3;
  CopPathParams path = base_path_;
  path.tau_start = path_tau_[0][0];
  path.tau_end = path_tau_[0][1];
  path.medial_shift_u = lo;
  const double f_lo = medial_fraction_of(shape, path, base_spread_);
  path.medial_shift_u = hi;
  const double f_hi = medial_fraction_of(shape, path, base_spread_);
  if (!(f_lo < target && f_hi > target)) {
    throw std::logic_error("gait: medial fraction target " + std::to_string(target) + " outside [" +
                           std::to_string(f_lo) + ", " + std::to_string(f_hi) + "]");
  }
  for (int i = 0; i < 40; ++i) {
    path.medial_shift_u = 0.5 * (lo + hi);
    if (medial_fraction_of(shape, path, base_spread_) < target) {
      lo = path.medial_shift_u;
    } else {
      hi = path.medial_shift_u;
    }
  }
  base_path_.medial_shift_u = 0.5 * (lo + hi);

  // Sensitivities of the medial fraction, so that the random part of each step's CPEI and strike
  // index does not blur the pronation classes (a uniform shift leaves the CPEI unchanged).
  path = base_path_;
  path.tau_start = path_tau_[0][0];
  path.tau_end = path_tau_[0][1];
  const auto fraction_with = [&](double CopPathParams::*field, double delta) {
    CopPathParams q = path;
    q.*field += delta;
    if (scenario_.strike == StrikeClass::kForefoot) q.mid_v = std::max(0.73, q.start_v - 0.06);
    return medial_fraction_of(shape, q, base_spread_);
  };
  const double g_shift = (fraction_with(&CopPathParams::medial_shift_u, 0.01) -
                          fraction_with(&CopPathParams::medial_shift_u, -0.01)) /
                         0.02;
  const double g_cpei =
      (fraction_with(&CopPathParams::cpei, 0.02) - fraction_with(&CopPathParams::cpei, -0.02)) /
      0.04;
  const double g_strike = (fraction_with(&CopPathParams::start_v, 0.02) -
                           fraction_with(&CopPathParams::start_v, -0.02)) /
                          0.04;
  shift_per_fraction_ = 1.0 / g_shift;
  shift_per_cpei_ = -g_cpei / g_shift;
  shift_per_strike_ = -g_strike / g_shift;
}

void GaitSimulator::plan_next() {
  const Scenario& s = scenario_;
  const Variability& v = s.variability;
  const std::size_t n = plan_.size();
  const Foot side = n % 2 == 0 ? Foot::kLeft : Foot::kRight;
  const int si = side_index(side);
  if (steady_) {
    plan_.push_back(StepPlan{side, first_onset_s_ + static_cast<double>(n) * step_period_s_,
                             nominal_[si], base_path_, base_spread_, std::nullopt});
    by_side_[si].push_back(n);
    return;
  }
  const double onset = next_onset_s_;
  const double r = std::min(kFatigueCap, s.fatigue.rate_per_hour * onset / 3600.0);

  // Exactly seven normals per step, in this order.
  const double z_interval = rng_.normal();
  const double z_contact = rng_.normal();
  const double z_peak = rng_.normal();
  const double z_rise = rng_.normal();
  const double z_strike = rng_.normal();
  const double z_cpei = rng_.normal();
  const double z_medial = rng_.normal();

  const double cadence_ratio = 1.0 / (1.0 - kFatigueCadence * r);  // step period grows
  const double contact_ratio = 1.0 + kFatigueContact * r;
  StepPlan p{side, onset, nominal_[si], base_path_, base_spread_, std::nullopt};
  p.path.tau_start = path_tau_[si][0];
  p.path.tau_end = path_tau_[si][1];
  p.shape.duration_s *= contact_ratio * std::max(0.5, 1.0 + v.contact_time_cv * z_contact);
  // Impulse balance under fatigue: longer steps carry more impulse, longer contacts spread it.
  p.shape.active *= cadence_ratio / contact_ratio * std::max(0.5, 1.0 + v.peak_force_cv * z_peak);
  // The longer contact alone would lower the loading rate; the rise factor undoes that first.
  const double rise = contact_ratio * (1.0 + kFatigueLoadingRate * r) *
                      std::max(0.5, 1.0 + v.loading_rate_cv * z_rise);
  if (p.shape.impact > 0) {
    p.shape.impact_half_width =
        std::clamp(p.shape.impact_half_width * std::pow(rise, -1.0 / skew_slope_[si]), 0.02, 0.25);
  } else {
    p.shape.skew = std::clamp(p.shape.skew + std::log(rise) / skew_slope_[si], -0.8, 0.8);
  }
  const double strike_drifted = strike_mean_ - kFatigueStrike * r;
  p.path.start_v =
      std::clamp(strike_drifted + v.strike_index_sd * z_strike, strike_lo_, strike_hi_);
  if (s.strike == StrikeClass::kForefoot) p.path.mid_v = std::max(0.73, p.path.start_v - 0.06);
  const double cpei_drifted = (cpei_target_ - kFatigueCpeiPct * r) / 100;
  p.path.cpei = std::max(0.0, cpei_drifted + v.cpei_sd_pct * z_cpei / 100);
  p.path.medial_shift_u += kFatigueShiftU * r + shift_per_cpei_ * (p.path.cpei - cpei_drifted) +
                           shift_per_strike_ * (p.path.start_v - strike_drifted);
  // One Newton step on the shift puts this step's medial fraction on its target (class value,
  // fatigue drift, own noise); the fraction is close to linear in the shift.
  const double fraction_target = medial_fraction_target(s.pronation) + kFatigueMedialFraction * r +
                                 kMedialFractionSd * z_medial;
  p.path.medial_shift_u += shift_per_fraction_ *
                           (fraction_target - medial_fraction_of(p.shape, p.path, p.spread,
                                                                 p.path.tau_start, p.path.tau_end));

  const double interval = step_period_s_ * cadence_ratio *
                          std::max(0.5, 1.0 + std::numbers::sqrt2 * v.stride_time_cv * z_interval);
  plan_.push_back(p);
  by_side_[si].push_back(n);
  next_onset_s_ = onset + interval;
  // The next step is the other foot's; it must land after that foot's previous toe-off.
  const int other = 1 - si;
  if (!by_side_[other].empty()) {
    const StepPlan& last_other = plan_[by_side_[other].back()];
    const double free_at = last_other.onset_s + last_other.shape.duration_s + 0.02;
    next_onset_s_ = std::max(next_onset_s_, free_at);
  }
}

void GaitSimulator::plan_until(double t_s) {
  // Plan until both feet have a step starting after t_s (so any stance covering t_s is known).
  while (plan_.size() < 2 || plan_[plan_.size() - 2].onset_s <= t_s) plan_next();
}

const GaitSimulator::StepPlan* GaitSimulator::stance_at(double t_s, Foot side) {
  if (!(t_s > first_onset_s_)) return nullptr;
  if (steady_) return steady_stance_at(t_s, side);
  plan_until(t_s);
  const std::vector<std::size_t>& steps = by_side_[side_index(side)];
  // Last step of this foot with onset < t_s.
  auto it = std::lower_bound(steps.begin(), steps.end(), t_s,
                             [this](std::size_t i, double t) { return plan_[i].onset_s < t; });
  if (it == steps.begin()) return nullptr;
  const StepPlan& p = plan_[*(it - 1)];
  if (t_s - p.onset_s >= p.shape.duration_s) return nullptr;
  return &p;
}

const GaitSimulator::StepPlan* GaitSimulator::steady_stance_at(double t_s, Foot side) {
  // Step n starts at first_onset_s_ + n x step_period_s_, exactly as plan_next() plans it, so
  // samples and truth agree; a long run then costs no memory per step.
  if (!std::isfinite(t_s)) return nullptr;  // no stance is in progress at infinity
  const int si = side_index(side);
  const auto onset = [this](double n) { return first_onset_s_ + n * step_period_s_; };
  // The last step n of this foot (n = si modulo 2) with onset < t_s.
  double n = 2.0 * std::floor((t_s - first_onset_s_) / (2.0 * step_period_s_)) + si;
  while (n >= 0 && !(onset(n) < t_s)) n -= 2;
  while (onset(n + 2) < t_s) n += 2;
  if (n < 0) return nullptr;
  const double start = onset(n);
  if (t_s - start >= nominal_[si].duration_s) return nullptr;
  steady_step_ = StepPlan{side, start, nominal_[si], base_path_, base_spread_, std::nullopt};
  return &steady_step_;
}

void GaitSimulator::sample(double t_s, Foot side, std::span<double> newtons) {
  if (newtons.size() != layout_.sensels.size()) {
    throw std::invalid_argument("GaitSimulator::sample: " + std::to_string(newtons.size()) +
                                " outputs for " + std::to_string(layout_.sensels.size()) +
                                " sensels");
  }
  const StepPlan* p = stance_at(t_s, side);
  if (!p) {
    std::fill(newtons.begin(), newtons.end(), 0.0);
    return;
  }
  const double tau = (t_s - p->onset_s) / p->shape.duration_s;
  spreader_.spread(stance_force(p->shape, tau), cop_on_path(p->path, tau), p->spread, newtons);
}

void GaitSimulator::frame(std::uint64_t n, std::span<double> left, std::span<double> right) {
  const double t = frame_time_s(n);
  sample(t, Foot::kLeft, left);
  sample(t, Foot::kRight, right);
}

double GaitSimulator::total_force(double t_s, Foot side) {
  const StepPlan* p = stance_at(t_s, side);
  return p ? stance_force(p->shape, (t_s - p->onset_s) / p->shape.duration_s) : 0.0;
}

std::optional<CopPoint> GaitSimulator::cop(double t_s, Foot side) {
  const StepPlan* p = stance_at(t_s, side);
  if (!p) return std::nullopt;
  const double tau = (t_s - p->onset_s) / p->shape.duration_s;
  if (!(stance_force(p->shape, tau) > 0)) return std::nullopt;
  return cop_on_path(p->path, tau);
}

const StepTruth& GaitSimulator::truth_of(std::size_t i) {
  StepPlan& p = plan_[i];
  if (p.truth) return *p.truth;
  const StanceMetrics m = measure(p.shape);
  StepTruth t;
  t.side = p.side;
  t.index = i;
  t.onset_s = p.onset_s;
  t.contact_s = p.onset_s + m.contact_offset_s;
  t.toe_off_s = p.onset_s + m.toe_off_offset_s;
  t.contact_time_s = m.contact_time_s;
  t.peak_force_n = m.peak_force_n;
  t.loading_rate_n_per_s = m.loading_rate_n_per_s;
  t.impulse_ns = m.impulse_ns;
  const double c = m.contact_offset_s / p.shape.duration_s;
  const double o = m.toe_off_offset_s / p.shape.duration_s;
  t.strike_index = cop_on_path(p.path, c).y_mm / layout_.foot_length_mm;
  t.strike = classify_strike_index(t.strike_index);
  t.pronation = scenario_.pronation;
  t.asymmetry = scenario_.asymmetry;

  constexpr int kPathPoints = 801;
  std::vector<CopPoint> path(kPathPoints);
  for (int k = 0; k < kPathPoints; ++k) {
    path[k] = cop_on_path(p.path, c + (o - c) * k / (kPathPoints - 1.0));
  }
  t.cpei_pct = cpei_pct(path, layout_.foot_length_mm, layout_.foot_width_mm);
  t.medial_fraction = medial_fraction_of(p.shape, p.path, p.spread);

  // Zone onsets, scanned at 0.5 ms from contact and interpolated linearly.
  double heel_on = kNaN, fore_on = kNaN;
  double prev_heel = 0, prev_fore = 0, prev_t = t.contact_s;
  for (double ts = t.contact_s; ts < t.toe_off_s; ts += 0.0005) {
    const double tau = (ts - p.onset_s) / p.shape.duration_s;
    spreader_.spread(stance_force(p.shape, tau), cop_on_path(p.path, tau), p.spread, scratch_);
    double heel = 0, fore = 0;
    for (std::size_t k = 0; k < scratch_.size(); ++k) {
      if (zone_[k] == 1) heel += scratch_[k];
      if (zone_[k] == 2) fore += scratch_[k];
    }
    const auto cross = [&](double a, double b) {
      return ts == t.contact_s ? ts : prev_t + (ts - prev_t) * (kZoneOnsetN - a) / (b - a);
    };
    if (std::isnan(heel_on) && heel >= kZoneOnsetN) heel_on = cross(prev_heel, heel);
    if (std::isnan(fore_on) && fore >= kZoneOnsetN) fore_on = cross(prev_fore, fore);
    if (!std::isnan(heel_on) && !std::isnan(fore_on)) break;
    // Once one zone is on and the other is still off beyond the window, flat_foot is decided;
    // keep scanning only to report heel_to_forefoot_s.
    prev_heel = heel;
    prev_fore = fore;
    prev_t = ts;
  }
  t.heel_to_forefoot_s = fore_on - heel_on;
  t.flat_foot =
      !std::isnan(t.heel_to_forefoot_s) && std::abs(t.heel_to_forefoot_s) <= kFlatFootWindowS;
  p.truth = t;
  return *p.truth;
}

std::vector<StepTruth> GaitSimulator::truth_between(double t0_s, double t1_s) {
  std::vector<StepTruth> out;
  if (!(t1_s > t0_s)) return out;
  plan_until(t1_s);
  for (std::size_t i = 0; i < plan_.size(); ++i) {
    if (plan_[i].onset_s >= t1_s) break;
    // Contact follows onset by a few ms; only compute truth for plausible candidates.
    if (plan_[i].onset_s + plan_[i].shape.duration_s < t0_s) continue;
    const StepTruth& t = truth_of(i);
    if (t.contact_s >= t0_s && t.contact_s < t1_s) out.push_back(t);
  }
  return out;
}

}  // namespace insole::hw::sim
