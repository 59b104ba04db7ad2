// Presentation of analysis results: the JSON objects (reports/analysis_json.h) and the human
// report. Shared by `insolectl analyze` and `insolectl summary`.
#ifndef INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
#define INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_

#include <string>

#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/analysis_json.h"

namespace insole::ctl {

using reports::number;
using reports::step_json;
using reports::summary_json;
std::string human_report(const analysis::GaitSummary& summary);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
