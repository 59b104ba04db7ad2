// What a runner reads when their form changed late in a run (analysis/late_run_form.h): each
// real change in numbers with its 95 % interval, that pace is not known to the insole, and the
// advice. Shown with the run's other findings (insolectl summary, the dashboard's run report).
#ifndef INSOLE_REPORTS_LATE_RUN_WORDS_H_
#define INSOLE_REPORTS_LATE_RUN_WORDS_H_

#include <optional>

#include "insole/analysis/late_run_form.h"
#include "insole/store/records.h"

namespace insole::reports {

// Code "late_run_form", metric the first real change's ("contact_time_s", "cadence_spm",
// "loading_rate_n_per_s", "strike_index"), side empty; nullopt when nothing was judged or no
// change is real.
std::optional<store::AlertRecord> late_run_finding(const analysis::LateRunForm& form);

}  // namespace insole::reports

#endif  // INSOLE_REPORTS_LATE_RUN_WORDS_H_
