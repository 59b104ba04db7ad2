// The runner's words for the analysis' findings (analysis/alerts.h): the one place they are
// written, for insolectl, the dashboard (live view and run reports) and the alerts stored with a
// run. Needs only the analysis library and the store's row types (no database, no JSON).
#ifndef INSOLE_REPORTS_ALERT_WORDS_H_
#define INSOLE_REPORTS_ALERT_WORDS_H_

#include <array>
#include <string>
#include <vector>

#include "insole/analysis/alerts.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/store/records.h"

namespace insole::reports {

struct AlertWords {
  std::string finding;  // what was measured, in numbers
  std::string advice;   // what to change, in plain words
};

// Pronation is information, not a fault: many runners roll in and run well. An overpronation
// finding is something to work on only when the runner's pronation index fell (rolled in more)
// by kPronationChange or more against their own baseline: the median of their earlier runs'
// medians, known once kPronationBaselineRuns earlier runs had steps of that foot.
inline constexpr double kPronationChange = 3.0;
inline constexpr int kPronationBaselineRuns = 3;
struct PronationBaseline {
  std::array<double, 2> index{analysis::Alert::kNaN, analysis::Alert::kNaN};  // [left, right]
  std::array<int, 2> runs{0, 0};  // earlier runs behind each foot's index
};
// False for an overpronation finding unless it changed against the baseline (see above); true
// for every other finding.
bool work_on(const analysis::Alert& alert, const PronationBaseline& baseline = {});

// The words; an overpronation finding quotes each foot's own index and, when it changed, the
// baseline it changed from.
AlertWords describe(const analysis::Alert& alert, const PronationBaseline& baseline = {});

// Which feet a summary has steps of, and what may be said of the rest: a foot that was not
// recorded has no values (null in JSON, "no data" in tables), and no finding is about it.
bool has_foot(const analysis::GaitSummary& summary, analysis::Side side);
bool has_both_feet(const analysis::GaitSummary& summary);
// "" with both feet; otherwise one sentence saying which foot is missing and what cannot be
// told without it ("No steps found." with neither).
std::string coverage_note(const analysis::GaitSummary& summary);
// "" unless an insole had a silent sensel on enough steps to withhold the force balance
// (GaitSummary::force_asymmetry_withheld); then which insole and sensel, what is withheld, and
// what to check.
std::string sensor_note(const analysis::GaitSummary& summary);
// The closing line when there are no findings: never "nothing to change" unless both feet
// were recorded.
std::string no_findings(const analysis::GaitSummary& summary);

// The alert's fields as JSON and the store spell them (docs/cli.md, docs/api.md).
std::string side_code(const analysis::Alert& alert);     // "L" | "R" | "" (both feet, or between)
std::string metric_codes(const analysis::Alert& alert);  // "peak_force,impulse" | ""

// Alerts as stored with a run: their codes and the words the runner was told.
std::vector<store::AlertRecord> alert_records(const std::vector<analysis::Alert>& alerts);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_ALERT_WORDS_H_
