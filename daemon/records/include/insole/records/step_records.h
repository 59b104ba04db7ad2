// Conversion between analysed steps (analysis/step.h) and stored step rows (store/records.h),
// shared by the daemon (writing live) and insolectl (reading back, re-analysing).
#ifndef INSOLE_RECORDS_STEP_RECORDS_H_
#define INSOLE_RECORDS_STEP_RECORDS_H_

#include <vector>

#include "insole/analysis/alerts.h"
#include "insole/analysis/step.h"
#include "insole/store/records.h"

namespace insole::records {

store::StepRecord to_step_record(const analysis::Step& step);
// Rows recorded with analysis results (schema 2 and later), as analysis steps; rows from older
// schemas, which lack them, are skipped.
std::vector<analysis::Step> analysed_steps(const std::vector<store::StepRecord>& rows);

// Alerts as stored with a run: their codes and the words the runner was told (reports::describe).
std::vector<store::AlertRecord> to_alert_records(const std::vector<analysis::Alert>& alerts);

}  // namespace insole::records

#endif  // INSOLE_RECORDS_STEP_RECORDS_H_
