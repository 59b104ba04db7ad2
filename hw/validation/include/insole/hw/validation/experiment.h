// One validation run: a drawn runner on the independent foot model, through a grid and a
// sensor condition, analysed by the same library insoled uses, scored against truth (pure).
#ifndef INSOLE_HW_VALIDATION_EXPERIMENT_H_
#define INSOLE_HW_VALIDATION_EXPERIMENT_H_

#include <cstdint>
#include <limits>

#include "insole/analysis/gait_analyzer.h"
#include "insole/hw/validation/foot_model.h"
#include "insole/hw/validation/scoring.h"
#include "insole/hw/validation/sensel_grid.h"
#include "insole/hw/validation/sensor_model.h"

namespace insole::hw::validation {

// A runner of the given classes with the rest drawn from `seed`: running cadence 160-185
// steps/min and contact 0.68-0.80 of the step period (0.22-0.30 s), walking 100-120 and 0.58-0.70
// s; mass 55-90 kg; foot 240-290 mm; place inside the pronation class; asymmetry as given.
Runner draw_runner(Gait gait, StrikeType strike, PronationType pronation, double asymmetry_pct,
                   std::uint64_t seed);

struct RunResult {
  Score score;
  double truth_impulse_si_pct = 0;
  double analysed_impulse_si_pct = 0;  // NaN when withheld
  bool impulse_si_withheld = false;    // the analysis saw a silent sensel and said so
  double first_impulse_flag_s = -1;    // first whole second at which impulse SI was flagged
  // The true impulse SI of the steps the analysis had seen by then (NaN without a flag).
  double truth_impulse_si_at_flag_pct = std::numeric_limits<double>::quiet_NaN();
  double analysed_impulse_si_at_flag_pct = std::numeric_limits<double>::quiet_NaN();
};

// Scores steps whose contact lies in [1 s, seconds - 1 s].
RunResult run_experiment(const Runner& runner, GridKind grid, const SensorArtefacts& artefacts,
                         double seconds, std::uint64_t seed,
                         const analysis::GaitConfig& config = {});

}  // namespace insole::hw::validation

#endif  // INSOLE_HW_VALIDATION_EXPERIMENT_H_
