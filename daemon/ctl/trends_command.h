// insolectl trends: each back-pain factor week by week with its plain-language reading
// (reports/weekly_trends.h, reports/trend_words.h); --json prints the weekly trends and the
// readings as the dashboard gets them.
#ifndef INSOLE_DAEMON_CTL_TRENDS_COMMAND_H_
#define INSOLE_DAEMON_CTL_TRENDS_COMMAND_H_

#include "insole/store/sqlite.h"

namespace insole::ctl {

int run_trends(store::Connection& db, bool json);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_TRENDS_COMMAND_H_
