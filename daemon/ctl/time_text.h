// Times as insolectl shows them to a person: the store's ISO 8601 UTC timestamps in local time
// ($TZ, else the system's zone) with the zone's abbreviation, e.g. "2026-11-21 17:35:07 CET".
// --json output keeps the UTC timestamps.
#ifndef INSOLE_DAEMON_CTL_TIME_TEXT_H_
#define INSOLE_DAEMON_CTL_TIME_TEXT_H_

#include <string>

namespace insole::ctl {

// "YYYY-MM-DDTHH:MM:SS[.fff]Z" in local time; anything else is returned as it is ("-" for "").
std::string local_time(const std::string& iso_utc);

}  // namespace insole::ctl

#endif  // INSOLE_DAEMON_CTL_TIME_TEXT_H_
