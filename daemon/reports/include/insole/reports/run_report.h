// Runs read back for the web dashboard (docs/web.md): the list, one run's report (summary,
// per-foot distributions, per-step series for plots, alerts with advice) and the trends across
// runs. Reads only; the analysis is re-done from the stored steps (analysis::summarize).
#ifndef INSOLE_REPORTS_RUN_REPORT_H_
#define INSOLE_REPORTS_RUN_REPORT_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "insole/analysis/step.h"
#include "insole/store/sqlite.h"

namespace insole::reports {

// {"runs":[...]}, newest first.
nlohmann::json runs_json(store::Connection& db);
// A span of time as a runner reads it: whole seconds under 2 minutes ("75 s"), else whole
// minutes ("53 min").
std::string duration_text(double seconds);
// What a runner is told about how an insole's own recording of a run ended, when it matters:
// "recording stopped after 53 min: insole memory full" (the run was cut), "recording ended
// after 12 min: the insole lost power"; nullopt otherwise (store: SideSummary::recording_end).
std::optional<std::string> recording_end_text(const std::string& recording_end, double recorded_s);
// "cadence 172 steps/min", or that it is not known yet (analysis::cadence_spm gave 0: no foot
// has 3 steps).
std::string cadence_text(double cadence_spm);
// One analysed step as insoled's debug log shows it: "step L contact 12.345 s, contact time
// 231 ms, peak 1650 N, rearfoot flat strike, pronation neutral".
std::string step_log_text(const analysis::Step& step);
// nullopt for an unknown run.
std::optional<nlohmann::json> run_report_json(store::Connection& db, std::int64_t run_id);
// {"runs":[...]}, oldest first, runs with at least min_steps analysed steps. Each run's entry is
// computed from its steps once and kept in the database (run_digest.h) when db can write;
// on a read-only connection missing entries are computed for this answer only.
nlohmann::json trends_json(store::Connection& db, std::size_t min_steps = 10);
// Week by week (weekly_trends.h) with the readings (trend_words.h) as "readings":
// [{"factor","text","advice"}] and each shoe in use as "shoes" (run_shoe_json): `insolectl
// trends --json` and /api/trends/weekly.
nlohmann::json weekly_trends_report(store::Connection& db, std::string_view surface = {});

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_RUN_REPORT_H_
