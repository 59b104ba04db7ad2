// Presentation of analysis results: the JSON objects (reports/analysis_json.h) and the human
// report. Shared by `insolectl analyze` and `insolectl summary`.
#ifndef INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
#define INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_

#include <string>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/alert_words.h"
#include "insole/reports/analysis_json.h"
#include "insole/store/records.h"

namespace insole::ctl {

using reports::number;
using reports::step_json;
using reports::summary_json;
// extra: findings from outside the gait analysis (the shoe's wear), listed after its own.
// Findings to work on come first; information (pronation that did not change against the
// runner's baseline: reports/alert_words.h) after them, under its own heading.
std::string human_report(const analysis::GaitSummary& summary,
                         const std::vector<store::AlertRecord>& extra = {},
                         const reports::PronationBaseline& baseline = {});

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
