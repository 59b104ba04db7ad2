// The plain-language reading of a runner's weekly trends (weekly_trends.h): the latest week
// with runs against the runner's own earlier weeks (their median), which counts for more than
// any population band, each reading with its advice. Readings appear only when there is
// something to say; with no earlier week the reading says there is nothing to compare with yet.
#ifndef INSOLE_REPORTS_TREND_WORDS_H_
#define INSOLE_REPORTS_TREND_WORDS_H_

#include <string>
#include <vector>

#include "insole/reports/weekly_trends.h"

namespace insole::reports {

// A change the reading names: flat landings up by this many points of the share of steps;
// impulse asymmetry beyond the alert band, with every run's interval on that side; cadence down
// by this many percent.
inline constexpr double kFlatShareRisePts = 10.0;
inline constexpr double kTrendAsymmetryPct = 5.0;
inline constexpr double kCadenceDropPct = 3.0;

struct TrendReading {
  // flat_landing | pronation | asymmetry | cadence | cadence_coaching | late_run | load_spike |
  // history
  std::string factor;
  std::string text;  // what changed, in numbers
  std::string advice;
};

std::vector<TrendReading> trend_readings(const WeeklyTrends& trends);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_TREND_WORDS_H_
