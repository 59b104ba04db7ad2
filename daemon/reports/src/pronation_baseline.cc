#include "insole/reports/pronation_baseline.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

#include "insole/analysis/median.h"
#include "insole/reports/run_digest.h"
#include "insole/store/run_reader.h"
#include "insole/store/sqlite_fitting.h"

namespace insole::reports {

PronationBaseline pronation_baseline(store::Connection& db, std::int64_t run_id) {
  store::RunReader reader(db);
  std::set<std::int64_t> fitting_runs;
  try {
    for (const auto id : store::SqliteFittingStore(db).trial_runs()) fitting_runs.insert(id);
  } catch (const store::StoreError&) {
    // A file opened read-only with an older schema: its trials do not say where they ran.
  }
  auto runs = reader.runs(store::RunReader::StepCounts::kLeftOut);
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  std::array<std::vector<double>, 2> medians;
  std::size_t used = 0;
  for (const auto& r : runs) {
    if (r.id >= run_id || r.status == "recording" || fitting_runs.count(r.id)) continue;
    if (used++ == kBaselineWindow) break;
    const auto digest = run_digest(db, r.id);  // each foot's median, kept once per run
    if (!digest) continue;
    for (std::size_t f = 0; f < 2; ++f) {
      if (std::isfinite(digest->pronation_median[f]))
        medians[f].push_back(digest->pronation_median[f]);
    }
  }
  PronationBaseline b;
  for (std::size_t f = 0; f < 2; ++f) {
    b.runs[f] = static_cast<int>(medians[f].size());
    if (!medians[f].empty()) b.index[f] = analysis::median(medians[f]);
  }
  return b;
}

}  // namespace insole::reports
