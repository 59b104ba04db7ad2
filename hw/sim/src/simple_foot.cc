#include "insole/hw/sim/simple_foot.h"

#include "insole/hw/sim/centroid_tilt.h"

#include <algorithm>
#include <cmath>
#include <limits>
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

// CoP path: a quadratic in tau through three waypoints, as fractions of foot width (u) and
// length (v): contact (strike index, slightly lateral), mid-stance (under the metatarsal heads),
// toe-off (under the hallux).
constexpr double kCopContactU = -0.05;
constexpr double kCopMidU = 0.0;
constexpr double kCopMidV = 0.68;
constexpr double kCopToeOffU = 0.20;
constexpr double kCopToeOffV = 0.88;

// Spatial kernel around the CoP: Gaussian, sd as fractions of width and length.
constexpr double kKernelSdU = 0.35;
constexpr double kKernelSdV = 0.14;
// The pads' centroid matches the CoP to this fraction of foot size (~3e-10 mm).

// Parameter ranges.
constexpr double kMinMassKg = 20.0;
constexpr double kMaxMassKg = 200.0;
constexpr double kMaxCadenceSpm = 300.0;
constexpr double kMinStrikeIndex = 0.10;
constexpr double kMaxStrikeIndex = 0.85;
constexpr double kMaxShiftOfWidth = 0.10;

// Footprint: how readily each region takes load in a typical shod runner (heel pad, central
// metatarsal heads and hallux high; lateral midfoot band moderate; medial arch low).
double footprint_weight(Region region) {
  switch (region) {
    case Region::kMedialHeel:
    case Region::kLateralHeel:
      return 1.0;
    case Region::kMedialMidfoot:
      return 0.15;
    case Region::kLateralMidfoot:
      return 0.5;
    case Region::kMet1:
      return 0.9;
    case Region::kMet2:
    case Region::kMet3:
      return 1.0;
    case Region::kMet4:
      return 0.85;
    case Region::kMet5:
      return 0.7;
    case Region::kHallux:
      return 0.8;
    case Region::kLesserToes:
      return 0.35;
  }
  return 0.0;
}

// Integral of sin(pi tau)^p over [0, 1].
double sine_power_integral(double p) {
  return std::tgamma((p + 1.0) / 2.0) / (std::sqrt(std::numbers::pi) * std::tgamma(p / 2.0 + 1.0));
}

// The quadratic through (0, at_contact), (0.5, at_mid), (1, at_toe_off).
double through_waypoints(double tau, double at_contact, double at_mid, double at_toe_off) {
  return at_contact * (1 - tau) * (1 - 2 * tau) + at_mid * 4 * tau * (1 - tau) +
         at_toe_off * tau * (2 * tau - 1);
}

void require(bool ok, const std::string& what) {
  if (!ok) throw std::invalid_argument("insole::hw::sim::SimpleFoot: " + what);
}

// Root of f(tau) = target on [lo, hi] where f(lo) < target <= f(hi) or the reverse; bisects to
// the last representable bit.
template <typename F>
double bisect(F f, double lo, double hi, double target) {
  const bool rising = f(lo) < target;
  for (int i = 0; i < 200; ++i) {
    const double mid = 0.5 * (lo + hi);
    if (mid <= lo || mid >= hi) break;
    if ((f(mid) < target) == rising) {
      lo = mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

// Maximum of f on [lo, hi]: dense scan, then golden-section refinement around the best sample.
template <typename F>
double maximum(F f, double lo, double hi) {
  constexpr int kSamples = 2000;
  const double step = (hi - lo) / kSamples;
  int best = 0;
  double best_value = f(lo);
  for (int i = 1; i <= kSamples; ++i) {
    const double value = f(lo + i * step);
    if (value > best_value) {
      best_value = value;
      best = i;
    }
  }
  double a = std::max(lo, lo + (best - 1) * step);
  double b = std::min(hi, lo + (best + 1) * step);
  const double r = (std::sqrt(5.0) - 1.0) / 2.0;
  for (int i = 0; i < 100 && b - a > 1e-15; ++i) {
    const double c = b - r * (b - a);
    const double d = a + r * (b - a);
    if (f(c) > f(d)) {
      b = d;
    } else {
      a = c;
    }
  }
  return std::max(best_value, f(0.5 * (a + b)));
}

}  // namespace

SimpleFoot::SimpleFoot(const SenselLayout& layout, FootParams params)
    : params_(params),
      foot_length_mm_(layout.foot_length_mm),
      foot_width_mm_(layout.foot_width_mm) {
  require(!layout.sensels.empty(), "the layout has no sensels");
  require(foot_length_mm_ > 0 && foot_width_mm_ > 0, "the layout has no foot size");
  require(params.body_mass_kg >= kMinMassKg && params.body_mass_kg <= kMaxMassKg,
          "body_mass_kg must be in [20, 200]");
  require(params.cadence_spm > 0 && params.cadence_spm <= kMaxCadenceSpm,
          "cadence_spm must be in (0, 300]");
  stride_period_s_ = 120.0 / params.cadence_spm;
  require(params.contact_time_s > 0 && params.contact_time_s < stride_period_s_,
          "contact_time_s must be positive and shorter than the stride period 120/cadence_spm");
  require(params.strike_index >= kMinStrikeIndex && params.strike_index <= kMaxStrikeIndex,
          "strike_index must be in [0.10, 0.85]");
  require(std::abs(params.medial_shift_mm) <= kMaxShiftOfWidth * foot_width_mm_,
          "|medial_shift_mm| must not exceed 0.1 x foot width");
  require(std::isfinite(params.phase_s), "phase_s must be finite");

  for (const Sensel& s : layout.sensels) {
    pads_.push_back(Pad{s.x_mm / foot_width_mm_, s.y_mm / foot_length_mm_,
                        std::log(footprint_weight(s.region))});
  }

  body_weight_n_ = params.body_mass_kg * kGravity;
  impact_weight_ = kImpactBodyWeights * std::clamp((kImpactNoneStrike - params.strike_index) /
                                                       (kImpactNoneStrike - kImpactFullStrike),
                                                   0.0, 1.0);
  // Impulse per stance, in BW x contact time: a * I(p) + impact * kImpactCentreTau (the raised
  // cosine over [0, 2c] integrates to c). It must equal the step period / contact time.
  const double step_period_s = stride_period_s_ / 2.0;
  active_amplitude_ = (step_period_s / params.contact_time_s - impact_weight_ * kImpactCentreTau) /
                      sine_power_integral(kActiveExponent);

  // With BW >= 196 N and contact shorter than a stride, F(kImpactCentreTau) exceeds 20 N, F rises
  // monotonically before it and falls monotonically after tau = 0.5 (the bump is over by 0.24),
  // and stays above 20 N in between: exactly one upward and one downward crossing.
  const auto f = [this](double tau) { return force_at_tau(tau); };
  contact_tau_ = bisect(f, 0.0, kImpactCentreTau, kContactThresholdN);
  toe_off_tau_ = bisect(f, 0.5, 1.0, kContactThresholdN);
  peak_force_n_ = std::max(maximum(f, 0.0, 2.0 * kImpactCentreTau), f(0.5));
  contact_strike_index_ = cop_at_tau(contact_tau_).y_mm / foot_length_mm_;
}

std::optional<double> SimpleFoot::stance_tau(double t_s) const {
  const double since = t_s - params_.phase_s;
  if (!(since > 0)) return std::nullopt;
  const double k = std::floor(since / stride_period_s_);
  const double tau = (since - k * stride_period_s_) / params_.contact_time_s;
  if (!(tau > 0 && tau < 1)) return std::nullopt;
  return tau;
}

double SimpleFoot::force_at_tau(double tau) const {
  if (!(tau > 0 && tau < 1)) return 0.0;
  double f = active_amplitude_ * std::pow(std::sin(std::numbers::pi * tau), kActiveExponent);
  if (tau < 2.0 * kImpactCentreTau) {
    const double s = std::sin(std::numbers::pi * tau / (2.0 * kImpactCentreTau));
    f += impact_weight_ * s * s;
  }
  return body_weight_n_ * f;
}

CentreOfPressure SimpleFoot::cop_at_tau(double tau) const {
  const double u = through_waypoints(tau, kCopContactU, kCopMidU, kCopToeOffU);
  const double v = through_waypoints(tau, params_.strike_index, kCopMidV, kCopToeOffV);
  return CentreOfPressure{u * foot_width_mm_ + params_.medial_shift_mm, v * foot_length_mm_};
}

double SimpleFoot::total_force_at(double t_s) const {
  const std::optional<double> tau = stance_tau(t_s);
  return tau ? force_at_tau(*tau) : 0.0;
}

std::optional<CentreOfPressure> SimpleFoot::cop_at(double t_s) const {
  const std::optional<double> tau = stance_tau(t_s);
  if (!tau) return std::nullopt;
  return cop_at_tau(*tau);
}

void SimpleFoot::forces_at(double t_s, std::span<double> newtons) const {
  if (newtons.size() != pads_.size()) {
    throw std::invalid_argument(
        "insole::hw::sim::SimpleFoot::forces_at: " + std::to_string(newtons.size()) +
        " outputs for " + std::to_string(pads_.size()) + " sensels");
  }
  const std::optional<double> tau = stance_tau(t_s);
  const double total = tau ? force_at_tau(*tau) : 0.0;
  if (total <= 0) {
    std::fill(newtons.begin(), newtons.end(), 0.0);
    return;
  }

  // Base weights: footprint x Gaussian kernel at the CoP, as logs. Then an exponential tilt
  // w_i exp(lambda . d_i) (d_i: pad position minus CoP, normalised) with lambda minimising the
  // convex log-partition log sum w_i exp(lambda . d_i): at its minimum the weighted centroid of
  // the pads is exactly the CoP. Newton's method with backtracking; the CoP path stays inside
  // the pads' convex hull for every accepted parameter, so the minimum exists.
  const CentreOfPressure cop = cop_at_tau(*tau);
  const double cu = cop.x_mm / foot_width_mm_;
  const double cv = cop.y_mm / foot_length_mm_;
  const std::size_t n = pads_.size();
  std::vector<double> du(n), dv(n), base(n), w(n);
  for (std::size_t i = 0; i < n; ++i) {
    du[i] = pads_[i].u - cu;
    dv[i] = pads_[i].v - cv;
    const double zu = du[i] / kKernelSdU;
    const double zv = dv[i] / kKernelSdV;
    base[i] = pads_[i].log_weight - 0.5 * (zu * zu + zv * zv);
  }

  tilt_to_centroid(base, du, dv, w);
  for (std::size_t i = 0; i < n; ++i) newtons[i] = total * w[i];
}

std::vector<SimpleStepTruth> SimpleFoot::steps_between(double t0_s, double t1_s) const {
  std::vector<SimpleStepTruth> steps;
  if (!(t1_s > t0_s)) return steps;
  const double contact_offset = contact_tau_ * params_.contact_time_s;
  const double toe_off_offset = toe_off_tau_ * params_.contact_time_s;
  // First stance whose contact could be at or after t0_s (one early, to be safe with rounding).
  double k = std::floor((t0_s - params_.phase_s - contact_offset) / stride_period_s_) - 1;
  k = std::max(k, 0.0);
  for (;; k += 1) {
    const double start = params_.phase_s + k * stride_period_s_;
    const double contact = start + contact_offset;
    if (contact >= t1_s) break;
    if (contact < t0_s) continue;
    steps.push_back(
        SimpleStepTruth{contact, start + toe_off_offset, contact_strike_index_, peak_force_n_});
  }
  return steps;
}

}  // namespace insole::hw::sim
