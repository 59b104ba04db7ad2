#include "insole/hw/validation/foot_model.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace insole::hw::validation {

namespace {

std::size_t at(Region r) { return static_cast<std::size_t>(r); }

// Full outline width as a fraction of foot length at u = y / length (piecewise linear; heel,
// arch, ball at ~70 %, toes), after adult foot proportions (ISO/TS 19407 width ~0.38 x length).
constexpr std::array<std::array<double, 2>, 11> kOutline = {{{0.0, 0.0},
                                                             {0.02, 0.16},
                                                             {0.06, 0.23},
                                                             {0.15, 0.26},
                                                             {0.35, 0.27},
                                                             {0.55, 0.32},
                                                             {0.70, 0.385},
                                                             {0.80, 0.375},
                                                             {0.90, 0.33},
                                                             {0.97, 0.22},
                                                             {1.0, 0.0}}};

double bump(const StancePlan::Profile& p, double s) {
  if (s <= p.onset || s >= p.end) return 0;
  constexpr double kHalfPi = std::numbers::pi / 2;
  if (s < p.peak) {
    const double v = std::sin(kHalfPi * (s - p.onset) / (p.peak - p.onset));
    return p.amplitude_n * v * v;
  }
  const double v = std::cos(kHalfPi * (s - p.peak) / (p.end - p.peak));
  return p.amplitude_n * v * v;
}

// Published ordering of the classes (see docs/accuracy.md, "Second source"): flat feet load
// the medial heel, the arch and the medial forefoot more and roll in sooner.
struct PronationShares {
  double heel_medial, midfoot_medial, forefoot_medial, medial_delay;
};
PronationShares shares(PronationType p, double jitter) {
  const double j = std::clamp(jitter, -1.0, 1.0);
  switch (p) {
    case PronationType::kUnder:
      return {0.38 + 0.025 * j, 0.03 + 0.02 * j, 0.32 + 0.035 * j, 0.10};
    case PronationType::kOver:
      return {0.53 + 0.025 * j, 0.33 + 0.03 * j, 0.60 + 0.035 * j, 0.02};
    case PronationType::kNeutral:
      break;
  }
  return {0.45 + 0.025 * j, 0.12 + 0.025 * j, 0.45 + 0.035 * j, 0.06};
}

struct Builder {
  StancePlan& plan;
  void add(Region r, double onset, double peak, double end, double amplitude) {
    if (amplitude <= 0) return;
    plan.components.push_back({r, {onset, peak, end, amplitude}});
  }
  // Heel split medial/lateral; the lateral heel lands first (by `lag`).
  void heel(double onset, double peak, double end, double amp, double medial, double lag) {
    add(Region::kHeelLateral, onset, peak, end, amp * (1 - medial));
    add(Region::kHeelMedial, onset + lag, peak + lag, std::min(1.0, end + lag), amp * medial);
  }
  void midfoot(double onset, double peak, double end, double amp, double medial) {
    add(Region::kMidfootLateral, onset, peak, end, amp * (1 - medial));
    add(Region::kMidfootMedial, onset + 0.02, peak + 0.03, end, amp * medial);
  }
  // Metatarsal heads: MTH3 carries 20 %; the rest splits medial (MTH1, 2) / lateral (MTH4, 5).
  // The medial heads load `delay` later (the roll from lateral to medial) and peak later.
  void forefoot(double onset, double peak, double end, double amp, double medial, double delay) {
    const double lateral_amp = 0.8 * amp * (1 - medial), medial_amp = 0.8 * amp * medial;
    add(Region::kMth5, onset, peak, end - 0.03, 0.45 * lateral_amp);
    add(Region::kMth4, onset, peak, end - 0.02, 0.55 * lateral_amp);
    add(Region::kMth3, onset + 0.01, peak + 0.03, end - 0.01, 0.2 * amp);
    add(Region::kMth2, onset + delay, peak + 0.06, end, 0.45 * medial_amp);
    add(Region::kMth1, onset + delay, peak + 0.07, end, 0.55 * medial_amp);
  }
  void toes(double onset, double peak, double amp, double medial) {
    add(Region::kHallux, onset, peak, 1.0, amp * (0.6 + medial));
    add(Region::kLesserToes, onset, peak - 0.02, 0.97, 0.7 * amp * (1.4 - medial));
  }
};

}  // namespace

std::string_view name(Region region) {
  static constexpr std::array<std::string_view, kRegionCount> kNames = {
      "heel medial", "heel lateral", "midfoot lateral", "midfoot medial", "MTH1", "MTH2", "MTH3",
      "MTH4",        "MTH5",         "hallux",          "lesser toes"};
  return kNames[at(region)];
}

std::string_view name(StrikeType strike) {
  switch (strike) {
    case StrikeType::kMidfoot:
      return "midfoot";
    case StrikeType::kForefoot:
      return "forefoot";
    case StrikeType::kRearfoot:
      break;
  }
  return "rearfoot";
}

std::string_view name(PronationType pronation) {
  switch (pronation) {
    case PronationType::kUnder:
      return "under";
    case PronationType::kOver:
      return "over";
    case PronationType::kNeutral:
      break;
  }
  return "neutral";
}

std::array<RegionGeometry, kRegionCount> region_geometry(double l) {
  std::array<RegionGeometry, kRegionCount> g{};
  auto set = [&](Region r, double x, double y, double sx, double sy) {
    g[at(r)] = {x * l, y * l, sx * l, sy * l};
  };
  set(Region::kHeelMedial, 0.05, 0.10, 0.045, 0.065);
  set(Region::kHeelLateral, -0.05, 0.10, 0.045, 0.065);
  set(Region::kMidfootLateral, -0.085, 0.42, 0.04, 0.11);
  set(Region::kMidfootMedial, 0.05, 0.42, 0.04, 0.09);
  set(Region::kMth1, 0.11, 0.73, 0.038, 0.038);
  set(Region::kMth2, 0.045, 0.74, 0.032, 0.036);
  set(Region::kMth3, -0.01, 0.72, 0.032, 0.036);
  set(Region::kMth4, -0.06, 0.695, 0.032, 0.036);
  set(Region::kMth5, -0.11, 0.665, 0.035, 0.038);
  set(Region::kHallux, 0.095, 0.90, 0.042, 0.045);
  set(Region::kLesserToes, -0.045, 0.88, 0.07, 0.038);
  return g;
}

double outline_width_mm(double l, double y_mm) {
  const double u = y_mm / l;
  if (u <= 0 || u >= 1) return 0;
  for (std::size_t i = 1; i < kOutline.size(); ++i) {
    if (u <= kOutline[i][0]) {
      const double f = (u - kOutline[i - 1][0]) / (kOutline[i][0] - kOutline[i - 1][0]);
      return l * (kOutline[i - 1][1] + f * (kOutline[i][1] - kOutline[i - 1][1]));
    }
  }
  return 0;
}

bool inside_outline(double l, double x_mm, double y_mm) {
  return std::abs(x_mm) <= 0.5 * outline_width_mm(l, y_mm);
}

StancePlan plan_stance(const Runner& runner, double contact_s, double duration_s,
                       double target_impulse_ns) {
  StancePlan plan;
  plan.contact_s = contact_s;
  plan.duration_s = duration_s;
  Builder b{plan};
  const PronationShares p = shares(runner.pronation, runner.pronation_jitter);
  if (runner.gait == Gait::kWalk) {  // heel-to-toe: the two humps emerge from heel and forefoot
    b.heel(0.0, 0.18, 0.55, 1.0, p.heel_medial, 0.02);
    b.midfoot(0.08, 0.40, 0.75, 0.3, p.midfoot_medial);
    b.forefoot(0.15, 0.70, 0.96, 1.2, p.forefoot_medial, p.medial_delay);
    b.toes(0.40, 0.85, 0.35, p.forefoot_medial);
  } else {
    switch (runner.strike) {
      case StrikeType::kRearfoot:  // lateral heel first, with an impact transient
        b.heel(0.0, 0.11, 0.50, 1.1, p.heel_medial, 0.02);
        b.heel(0.0, 0.055, 0.13, 0.7, p.heel_medial, 0.01);
        b.midfoot(0.05, 0.35, 0.75, 0.4, p.midfoot_medial);
        b.forefoot(0.12, 0.55, 0.95, 2.0, p.forefoot_medial, p.medial_delay);
        b.toes(0.35, 0.80, 0.35, p.forefoot_medial);
        break;
      case StrikeType::kMidfoot:  // flat landing: heel, lateral midfoot and forefoot together
        b.heel(0.0, 0.25, 0.50, 0.5, p.heel_medial, 0.0);
        b.midfoot(0.0, 0.15, 0.70, 0.5, p.midfoot_medial);
        b.forefoot(0.0, 0.35, 0.95, 2.0, p.forefoot_medial, p.medial_delay);
        b.toes(0.30, 0.80, 0.35, p.forefoot_medial);
        break;
      case StrikeType::kForefoot:  // lateral forefoot and toes first, heel lowered later
        b.forefoot(0.0, 0.22, 0.93, 1.8, p.forefoot_medial, p.medial_delay);
        b.toes(0.0, 0.65, 0.45, p.forefoot_medial);
        b.midfoot(0.08, 0.35, 0.70, 0.35, p.midfoot_medial);
        b.heel(0.15, 0.45, 0.75, 0.5, p.heel_medial, 0.0);
        break;
    }
  }
  const double unit = impulse_ns(plan);
  for (auto& [region, profile] : plan.components) profile.amplitude_n *= target_impulse_ns / unit;
  return plan;
}

void region_loads(const StancePlan& plan, double t_s, std::span<double, kRegionCount> out) {
  std::fill(out.begin(), out.end(), 0.0);
  const double s = (t_s - plan.contact_s) / plan.duration_s;
  if (s <= 0 || s >= 1) return;
  for (const auto& [region, profile] : plan.components) out[at(region)] += bump(profile, s);
}

double total_force(const StancePlan& plan, double t_s) {
  const double s = (t_s - plan.contact_s) / plan.duration_s;
  if (s <= 0 || s >= 1) return 0;
  double sum = 0;
  for (const auto& [region, profile] : plan.components) sum += bump(profile, s);
  return sum;
}

double impulse_ns(const StancePlan& plan) {
  double sum = 0;
  for (const auto& [region, profile] : plan.components)
    sum += profile.amplitude_n * plan.duration_s * (profile.end - profile.onset) / 2;
  return sum;
}

std::array<double, 2> centre_of_pressure(const StancePlan& plan, double t_s, double l) {
  std::array<double, kRegionCount> loads{};
  region_loads(plan, t_s, loads);
  const auto geometry = region_geometry(l);
  double f = 0, x = 0, y = 0;
  for (std::size_t r = 0; r < kRegionCount; ++r) {
    f += loads[r];
    x += loads[r] * geometry[r].x_mm;
    y += loads[r] * geometry[r].y_mm;
  }
  if (f <= 0) return {0, 0};
  return {x / f, y / f};
}

RegionCentroids region_centroids(double l) {
  const auto geometry = region_geometry(l);
  std::array<std::array<double, 3>, kRegionCount> sum{};  // mass, x moment, y moment
  for (double y = 0.5; y < l; y += 1.0) {
    const double half = 0.5 * outline_width_mm(l, y);
    for (double x = -half + 0.5; x < half; x += 1.0) {
      for (std::size_t r = 0; r < kRegionCount; ++r) {
        const auto& g = geometry[r];
        const double u = (x - g.x_mm) / g.sx_mm, v = (y - g.y_mm) / g.sy_mm;
        const double p = std::exp(-0.5 * (u * u + v * v));
        sum[r][0] += p;
        sum[r][1] += p * x;
        sum[r][2] += p * y;
      }
    }
  }
  RegionCentroids c{};
  for (std::size_t r = 0; r < kRegionCount; ++r)
    c[r] = {sum[r][1] / sum[r][0], sum[r][2] / sum[r][0]};
  return c;
}

std::array<double, 2> field_centre_of_pressure(const StancePlan& plan, double t_s,
                                               const RegionCentroids& centroids) {
  std::array<double, kRegionCount> loads{};
  region_loads(plan, t_s, loads);
  double f = 0, x = 0, y = 0;
  for (std::size_t r = 0; r < kRegionCount; ++r) {
    f += loads[r];
    x += loads[r] * centroids[r][0];
    y += loads[r] * centroids[r][1];
  }
  if (f <= 0) return {0, 0};
  return {x / f, y / f};
}

Crossings crossings(const StancePlan& plan, double threshold_n) {
  // Scan at 0.1 ms (no region rises to the threshold and back within that), then bisect.
  const double t0 = plan.contact_s, t1 = plan.contact_s + plan.duration_s;
  const double dt = 1e-4;
  auto bisect = [&](double lo, double hi, bool rising) {
    while (hi - lo > 1e-6) {
      const double mid = 0.5 * (lo + hi);
      const bool above = total_force(plan, mid) >= threshold_n;
      if (above == rising)
        hi = mid;
      else
        lo = mid;
    }
    return 0.5 * (lo + hi);
  };
  Crossings c{t0, t1};
  for (double t = t0; t < t1; t += dt) {
    if (total_force(plan, t + dt) >= threshold_n) {
      c.up_s = bisect(t, t + dt, true);
      break;
    }
  }
  for (double t = t1; t > t0; t -= dt) {
    if (total_force(plan, t - dt) >= threshold_n) {
      c.down_s = bisect(t - dt, t, false);
      break;
    }
  }
  return c;
}

}  // namespace insole::hw::validation
