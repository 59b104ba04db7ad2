// Presentation of analysis results: the JSON objects (reports/analysis_json.h) and the human
// report. Shared by `insolectl analyze` and `insolectl summary`.
#ifndef INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
#define INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_

#include <string>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/analysis_json.h"
#include "insole/store/records.h"

namespace insole::ctl {

using reports::number;
using reports::step_json;
using reports::summary_json;
// extra: findings from outside the gait analysis (the shoe's wear), listed after its own.
std::string human_report(const analysis::GaitSummary& summary,
                         const std::vector<store::AlertRecord>& extra = {});

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
