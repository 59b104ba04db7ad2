#include "insole/hw/validation/generator.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "insole/analysis/pronation.h"

namespace insole::hw::validation {

namespace {

constexpr double kGravity = 9.81;
using analysis::Side;

std::size_t index(Side side) { return side == Side::kLeft ? 0 : 1; }

// The plan active at t (stances of one foot never overlap); cursor advances monotonically.
const StancePlan* active(const std::vector<StancePlan>& plans, std::size_t& cursor, double t) {
  while (cursor < plans.size() && plans[cursor].contact_s + plans[cursor].duration_s <= t) ++cursor;
  if (cursor < plans.size() && plans[cursor].contact_s < t) return &plans[cursor];
  return nullptr;
}

}  // namespace

Generator::Generator(const Runner& runner, const SenselGrid& grid, const SensorArtefacts& artefacts,
                     double seconds, std::uint64_t seed)
    : runner_(runner), grid_(grid), artefacts_(artefacts), seconds_(seconds), seed_(seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> n01(0.0, 1.0);
  std::uniform_real_distribution<double> u01(0.0, 1.0);
  const double step_period = 60.0 / runner.cadence_spm;
  const double half_asym = runner.asymmetry_pct / 200.0;
  const RegionCentroids centroids = region_centroids(runner.foot_length_mm);
  std::vector<analysis::CopPoint> path;
  for (int k = 0;; ++k) {
    const Side side = k % 2 == 0 ? Side::kLeft : Side::kRight;
    const double contact = 0.3 + k * step_period + 0.004 * step_period * n01(rng);
    if (contact > seconds) break;
    const double duration = runner.contact_time_s * (1 + 0.02 * n01(rng));
    const double side_factor = side == Side::kLeft ? 1 - half_asym : 1 + half_asym;
    const double impulse =
        runner.body_mass_kg * kGravity * step_period * side_factor * (1 + 0.03 * n01(rng));
    plans_[index(side)].push_back(plan_stance(runner, contact, duration, impulse));
    const StancePlan& plan = plans_[index(side)].back();
    if (contact + duration > seconds) continue;

    TruthStep t;
    t.side = side;
    const Crossings c = crossings(plan, kTruthThresholdN);
    t.contact_s = c.up_s;
    t.toe_off_s = c.down_s;
    t.strike = runner.strike;
    t.pronation = runner.pronation;
    t.strike_index =
        centre_of_pressure(plan, c.up_s, runner.foot_length_mm)[1] / runner.foot_length_mm;
    path.clear();
    for (double s = c.up_s; s <= c.down_s; s += 5e-4) {
      const auto cop = field_centre_of_pressure(plan, s, centroids);
      path.push_back({cop[0], cop[1]});
    }
    t.cpei_pct = analysis::cpei_pct(path, runner.foot_length_mm, grid.layout.foot_width_mm);
    t.impulse_ns = impulse_ns(plan);
    for (double s = plan.contact_s; s < plan.contact_s + duration; s += 2e-4)
      t.peak_n = std::max(t.peak_n, total_force(plan, s));
    truth_.push_back(t);

    if (u01(rng) < artefacts.dropout_stance_fraction) {
      const int frames = 2 + static_cast<int>(u01(rng) * 11);  // 2..12
      const double from = contact + duration * (0.15 + 0.55 * u01(rng));
      dropped_[index(side)].push_back({side, from, from + frames / artefacts.rate_hz});
    }
  }
  if (artefacts.foot_missing) absent_.push_back({Side::kRight, 0.35 * seconds, 0.60 * seconds});
}

double Generator::true_total_n(Side side, double t_s) const {
  for (const auto& plan : plans_[index(side)])
    if (plan.contact_s < t_s && t_s < plan.contact_s + plan.duration_s)
      return total_force(plan, t_s);
  return 0;
}

void Generator::run(const FrameSink& sink) {
  const std::size_t n = grid_.share.size();
  struct Foot {
    std::size_t cursor = 0, drop_cursor = 0;
    double internal_t = 0;
    SensorModel sensor;
    FirstOrderLag lag;
  };
  const double right_lag = artefacts_.right_lag_s >= 0 ? artefacts_.right_lag_s : artefacts_.lag_s;
  std::array<Foot, 2> feet = {Foot{0, 0, 0, SensorModel(n, artefacts_, seed_ * 2 + 11),
                                   FirstOrderLag(kRegionCount, std::max(artefacts_.lag_s, 1e-6))},
                              Foot{0, 0, 0, SensorModel(n, artefacts_, seed_ * 2 + 12),
                                   FirstOrderLag(kRegionCount, std::max(right_lag, 1e-6))}};
  std::array<double, kRegionCount> loads{}, lagged{};
  std::vector<float> sensel(n), out(n);
  const double period = 1.0 / artefacts_.rate_hz;
  const double lag_step = 1e-4;  // internal rate of the lag: 10 kHz
  for (std::uint64_t i = 0;; ++i) {
    for (const Side side : {Side::kLeft, Side::kRight}) {
      Foot& foot = feet[index(side)];
      const auto& plans = plans_[index(side)];
      // The right foot's clock is offset by 0.37 frame: the two insoles are not in lockstep.
      const double t = static_cast<double>(i) * period + (side == Side::kRight ? 0.37 * period : 0);
      if (t > seconds_) return;
      if (artefacts_.lag_s > 0) {
        while (foot.internal_t + lag_step <= t) {
          foot.internal_t += lag_step;
          std::size_t c = foot.cursor;
          const StancePlan* p = active(plans, c, foot.internal_t);
          if (p)
            region_loads(*p, foot.internal_t, loads);
          else
            loads.fill(0);
          foot.lag.step(lag_step, loads, lagged);
        }
        // The lag state sits at internal_t <= t; the remaining < 0.1 ms is negligible for a
        // 2-5 ms constant (the sample reads the state there).
        loads = lagged;
      } else {
        std::size_t c = foot.cursor;
        const StancePlan* p = active(plans, c, t);
        if (p)
          region_loads(*p, t, loads);
        else
          loads.fill(0);
      }
      {
        std::size_t c = foot.cursor;
        active(plans, c, t - 0.05);  // keep the cursor behind the lag's window
        foot.cursor = c;
      }
      grid_.spread(loads, sensel);
      foot.sensor.read(t, sensel, out);

      const auto& drops = dropped_[index(side)];
      while (foot.drop_cursor < drops.size() && drops[foot.drop_cursor].to_s <= t)
        ++foot.drop_cursor;
      if (foot.drop_cursor < drops.size() && drops[foot.drop_cursor].from_s <= t) continue;
      bool missing = false;
      for (const auto& a : absent_)
        if (a.side == side && a.from_s <= t && t < a.to_s) missing = true;
      if (missing) continue;
      sink(side, t, out);
    }
  }
}

}  // namespace insole::hw::validation
