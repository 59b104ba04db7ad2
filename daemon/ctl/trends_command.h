// insolectl trends: each back-pain factor week by week with its plain-language reading
// (reports/weekly_trends.h, reports/trend_words.h); --json prints the weekly trends and the
// readings as the dashboard gets them.
#ifndef INSOLE_DAEMON_CTL_TRENDS_COMMAND_H_
#define INSOLE_DAEMON_CTL_TRENDS_COMMAND_H_

#include <string>

#include "insole/store/sqlite.h"

namespace insole::ctl {

// `surface`: only runs the runner tagged with it (empty: every run).
int run_trends(store::Connection& db, bool json, const std::string& surface);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_TRENDS_COMMAND_H_
