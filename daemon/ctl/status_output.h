// How insolectl shows what insoled's local API reports (pure: API JSON in, text out).
#ifndef INSOLE_DAEMON_CTL_STATUS_OUTPUT_H_
#define INSOLE_DAEMON_CTL_STATUS_OUTPUT_H_

#include <nlohmann/json.hpp>
#include <string>

namespace insole::ctl {

// insolectl status: the daemon, a table of its insoles, and the run with its live metrics.
std::string status_report(const nlohmann::json& status);

// insolectl live: one line per update, prefixed with the local time of day (HH:MM:SS).
std::string live_line(const nlohmann::json& update, const std::string& time_of_day);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_STATUS_OUTPUT_H_
