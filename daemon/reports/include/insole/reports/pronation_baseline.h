// A runner's own pronation baseline (alert_words.h): for each foot, the median of the median
// pronation index of their earlier runs (the last kBaselineWindow finished runs before the one
// reported, each with at least kMinSteps analysed steps of that foot). Runs that recorded a
// store fitting are someone else's and do not count.
#ifndef INSOLE_REPORTS_PRONATION_BASELINE_H_
#define INSOLE_REPORTS_PRONATION_BASELINE_H_

#include <cstddef>
#include <cstdint>

#include "insole/reports/alert_words.h"
#include "insole/store/sqlite.h"

namespace insole::reports {

inline constexpr std::size_t kBaselineWindow = 10;
inline constexpr std::size_t kMinSteps = 10;

PronationBaseline pronation_baseline(store::Connection& db, std::int64_t run_id);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_PRONATION_BASELINE_H_
