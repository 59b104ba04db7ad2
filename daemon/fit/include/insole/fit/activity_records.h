// What a FIT activity's per-second records say about a run's steps (pure).
//
// A record at second t (of the run's clock, Step::contact_s) summarises the steps whose contact
// falls in (t - window, t], the way a watch's running dynamics smooth over a few seconds:
// cadence over both feet from the spacing of those contacts (at least 3), mean ground contact
// time, the left foot's share of the two feet's mean contact times, and the means insole adds
// (strike index, pronation index, peak force, loading rate per body weight). A figure with too
// few steps behind it is NaN (written as "no value"), never a guess.
#ifndef INSOLE_FIT_ACTIVITY_RECORDS_H_
#define INSOLE_FIT_ACTIVITY_RECORDS_H_

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "insole/analysis/step.h"

namespace insole::fit {

inline constexpr double kStandardGravity = 9.80665;  // m/s², to express force in body weights

struct SecondRecord {
  static constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  std::int64_t t_s = 0;  // whole seconds of the run's clock
  int steps = 0;         // steps behind the figures
  double cadence_spm = kNaN;
  double stance_time_ms = kNaN;
  double stance_balance_left_pct = kNaN;  // 50: even; needs steps of both feet
  double strike_index_pct = kNaN;         // CoP at landing, % of foot length from the heel
  double pronation_index = kNaN;          // analysis::Step::pronation_index
  double peak_force_n = kNaN;
  double loading_rate_bw_per_s = kNaN;  // NaN when the body mass is unknown
};

struct RecordWindow {
  double window_s = 5;
  int min_cadence_steps = 3;
};

// One record per whole second from the first contact to the last toe-off (empty without
// steps). Steps must be ordered by contact time. body_mass_kg: NaN when unknown.
std::vector<SecondRecord> second_records(std::span<const analysis::Step> steps, double body_mass_kg,
                                         const RecordWindow& window = {});

}  // namespace insole::fit

#endif  // INSOLE_FIT_ACTIVITY_RECORDS_H_
