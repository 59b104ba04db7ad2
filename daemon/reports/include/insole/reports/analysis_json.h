// Analysis results as JSON: the stable machine interface shared by `insolectl --json`
// (docs/cli.md) and the web dashboard (docs/web.md). Unknown values (NaN) are null.
#ifndef INSOLE_REPORTS_ANALYSIS_JSON_H_
#define INSOLE_REPORTS_ANALYSIS_JSON_H_

#include <nlohmann/json.hpp>

#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/late_run_form.h"
#include "insole/reports/alert_words.h"

namespace insole::reports {

nlohmann::json number(double v);  // null for NaN / infinity
nlohmann::json step_json(const analysis::Step& step);
// "alerts": the findings to work on; "information": the rest (pronation, unless it changed
// against the runner's baseline: alert_words.h).
nlohmann::json summary_json(const analysis::GaitSummary& summary,
                            const PronationBaseline& baseline = {});
// The last third of a run against the first (late_run_form.h): null when not judged, else each
// metric's change ("contact_time_pct", "cadence_pct", "loading_rate_pct": %; "strike_shift":
// fraction of foot length) as {"change", "ci95": [low, high], "real"}.
nlohmann::json late_run_json(const analysis::LateRunForm& form);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_ANALYSIS_JSON_H_
