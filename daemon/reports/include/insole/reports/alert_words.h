// The runner's words for the analysis' findings (analysis/alerts.h): the one place they are
// written, for insolectl, the dashboard (live view and run reports) and the alerts stored with a
// run. Needs only the analysis library and the store's row types (no database, no JSON).
#ifndef INSOLE_REPORTS_ALERT_WORDS_H_
#define INSOLE_REPORTS_ALERT_WORDS_H_

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

AlertWords describe(const analysis::Alert& alert);

// Which feet a summary has steps of, and what may be said of the rest: a foot that was not
// recorded has no values (null in JSON, "no data" in tables), and no finding is about it.
bool has_foot(const analysis::GaitSummary& summary, analysis::Side side);
bool has_both_feet(const analysis::GaitSummary& summary);
// "" with both feet; otherwise one sentence saying which foot is missing and what cannot be
// told without it ("No steps found." with neither).
std::string coverage_note(const analysis::GaitSummary& summary);
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
