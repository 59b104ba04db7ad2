// Presentation of analysis results: JSON objects (the stable machine interface of docs/cli.md)
// and the human report. Shared by `insolectl analyze` and `insolectl summary`.
#ifndef INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
#define INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>

#include "insole/analysis/gait_analyzer.h"

namespace insole::ctl {

nlohmann::json number(double v);  // null for NaN / infinity
nlohmann::json step_json(const analysis::Step& step);
nlohmann::json summary_json(const analysis::GaitSummary& summary);
std::string human_report(const analysis::GaitSummary& summary);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_ANALYSIS_OUTPUT_H_
