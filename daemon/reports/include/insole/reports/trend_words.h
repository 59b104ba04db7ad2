// The plain-language reading of a runner's weekly trends (weekly_trends.h): the latest week
// with runs against the runner's own earlier weeks (their median), which counts for more than
// any population band, each reading with its advice. Readings appear only when there is
// something to say; with no earlier week the reading says there is nothing to compare with yet.
#ifndef INSOLE_REPORTS_TREND_WORDS_H_
#define INSOLE_REPORTS_TREND_WORDS_H_

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "insole/reports/weekly_trends.h"
#include "insole/store/records.h"

namespace insole::reports {

// A change the reading names: flat landings up by this many points of the share of steps;
// impulse asymmetry beyond the alert band, with every run's interval on that side; cadence down
// by this many percent.
inline constexpr double kFlatShareRisePts = 10.0;
inline constexpr double kTrendAsymmetryPct = 5.0;
inline constexpr double kCadenceDropPct = 3.0;
// Loading rate at the runner's usual pace up by this many percent (read only at equal pace: a
// faster week loads faster by itself).
inline constexpr double kLoadingRisePct = 10.0;

struct TrendReading {
  // flat_landing | pronation | asymmetry | cadence | loading_rate | cadence_coaching |
  // late_run | load_spike | history
  std::string factor;
  std::string text;  // what changed, in numbers
  std::string advice;
};

std::vector<TrendReading> trend_readings(const WeeklyTrends& trends);

// Cadence coaching as one run's finding (insolectl summary, the run report): the reading the
// weekly trends give over the runs up to this one (by date), so a run shows the suggestion it
// called for or, after it, whether the cadence rose and what loading rate did. Code
// "cadence_coaching", metric "cadence_spm". nullopt for an undated or unknown run, or when no
// run up to it called for a quicker step.
std::optional<store::AlertRecord> cadence_coaching_finding(std::span<const DigestedRun> runs,
                                                           const RunnerCalibration& calibration,
                                                           std::int64_t run_id);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_TREND_WORDS_H_
