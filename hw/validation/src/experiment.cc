#include "insole/hw/validation/experiment.h"

#include <cstddef>
#include <random>

#include "insole/analysis/metric.h"
#include "insole/hw/validation/generator.h"

namespace insole::hw::validation {

Runner draw_runner(Gait gait, StrikeType strike, PronationType pronation, double asymmetry_pct,
                   std::uint64_t seed) {
  std::mt19937_64 rng(seed * 7919 + 17);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Runner r;
  r.gait = gait;
  r.strike = gait == Gait::kWalk ? StrikeType::kRearfoot : strike;
  r.pronation = pronation;
  if (gait == Gait::kWalk) {
    r.cadence_spm = 100 + 20 * u(rng);
    r.contact_time_s = 0.58 + 0.12 * u(rng);
  } else {
    // Contact follows the step period (duty factor 0.68-0.80), so the stance force stays in
    // the published 2-3 body weights.
    r.cadence_spm = 160 + 25 * u(rng);
    r.contact_time_s = (0.68 + 0.12 * u(rng)) * 60 / r.cadence_spm;
  }
  r.body_mass_kg = 55 + 35 * u(rng);
  r.foot_length_mm = 240 + 50 * u(rng);
  r.pronation_jitter = 2 * u(rng) - 1;
  r.asymmetry_pct = asymmetry_pct;
  return r;
}

RunResult run_experiment(const Runner& runner, GridKind grid_kind, const SensorArtefacts& artefacts,
                         double seconds, std::uint64_t seed, const analysis::GaitConfig& config) {
  const SenselGrid grid = make_grid(grid_kind, runner.foot_length_mm);
  Generator generator(runner, grid, artefacts, seconds, seed);
  // Each insole's layout carries the time constant it declares (docs/accuracy.md).
  analysis::GaitAnalyzer analyzer(config);
  for (const bool right : {false, true}) {
    analysis::Layout layout = grid.layout;
    layout.sensor_time_constant_s = declared_lag_s(artefacts, right);
    analyzer.attach(right ? analysis::Side::kRight : analysis::Side::kLeft, layout);
  }
  RunResult out;
  constexpr auto kImpulse = static_cast<std::size_t>(analysis::Metric::kImpulse);
  double next_check = 1.0;
  generator.run([&](analysis::Side side, double t, std::span<const float> forces) {
    analyzer.push(side, t, forces);
    if (side == analysis::Side::kRight && t >= next_check) {
      next_check += 1.0;
      if (out.first_impulse_flag_s < 0) {
        const auto a = analyzer.summary().asymmetry[kImpulse];
        if (a.flagged) {
          out.first_impulse_flag_s = t;
          out.analysed_impulse_si_at_flag_pct = a.si_pct;
          std::vector<TruthStep> seen;
          for (const auto& s : generator.truth())
            if (s.toe_off_s <= t) seen.push_back(s);
          out.truth_impulse_si_at_flag_pct = impulse_si_pct(seen);
        }
      }
    }
  });
  out.score =
      score_steps(generator.truth(), analyzer.steps(), 1.0, seconds - 1.0, generator.absent());
  out.truth_impulse_si_pct = impulse_si_pct(generator.truth());
  const auto summary = analyzer.summary();
  out.analysed_impulse_si_pct = summary.asymmetry[kImpulse].si_pct;
  out.impulse_si_withheld = summary.asymmetry[kImpulse].withheld;
  return out;
}

}  // namespace insole::hw::validation
