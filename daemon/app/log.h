// Daemon log lines on stderr in the journald style: "<level>insoled: message". Under systemd
// (JOURNAL_STREAM set) journald reads the level prefix and stamps time itself; on a terminal the
// prefix is a word and there is still no timestamp.
#ifndef INSOLE_DAEMON_APP_LOG_H_
#define INSOLE_DAEMON_APP_LOG_H_

#include <string_view>

namespace insole::app::log {

enum class Level { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };

void set_verbose(bool verbose);
void write(Level level, std::string_view message);
inline void error(std::string_view m) { write(Level::kError, m); }
inline void warning(std::string_view m) { write(Level::kWarning, m); }
inline void notice(std::string_view m) { write(Level::kNotice, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void debug(std::string_view m) { write(Level::kDebug, m); }

}  // namespace insole::app::log

#endif  // INSOLE_DAEMON_APP_LOG_H_
