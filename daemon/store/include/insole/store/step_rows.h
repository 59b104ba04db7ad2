// Conversion between analysed steps (analysis/step.h) and stored step rows (store/records.h),
// shared by the daemon (writing live) and insolectl (reading back, re-analysing).
#ifndef INSOLE_STORE_STEP_ROWS_H_
#define INSOLE_STORE_STEP_ROWS_H_

#include <vector>

#include "insole/analysis/step.h"
#include "insole/store/records.h"

namespace insole::store {

StepRecord to_step_record(const analysis::Step& step);
// Rows recorded with analysis results (schema 2 and later), as analysis steps; rows from older
// schemas, which lack them, are skipped.
std::vector<analysis::Step> analysed_steps(const std::vector<StepRecord>& rows);

}  // namespace insole::store

#endif  // INSOLE_STORE_STEP_ROWS_H_
