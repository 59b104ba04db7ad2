// Daemon log lines on stderr, one per write, never a timestamp (journald or the terminal adds
// its own). Two styles:
//  - terminal: "insoled: [error: |warning: |debug: ]message"
//  - journal:  "<N>message" with N the syslog priority (3 error ... 7 debug), which journald reads
//    from a stream to classify the line. Chosen when JOURNAL_STREAM is set (systemd connected
//    stderr to the journal) or asked for with --log-style journal.
// Lines above the maximum level (default info) are dropped.
#ifndef INSOLE_LOG_LOG_H_
#define INSOLE_LOG_LOG_H_

#include <string>
#include <string_view>

namespace insole::log {

enum class Level { kError = 3, kWarning = 4, kNotice = 5, kInfo = 6, kDebug = 7 };
enum class Style { kTerminal, kJournal };

// kJournal when JOURNAL_STREAM is set, else kTerminal.
Style style_from_environment();
void set_style(Style style);
void set_max_level(Level level);
inline void set_verbose(bool verbose) { set_max_level(verbose ? Level::kDebug : Level::kInfo); }

// The line written for a message (pure; without the newline).
std::string format(Style style, Level level, std::string_view message);

void write(Level level, std::string_view message);
inline void error(std::string_view m) { write(Level::kError, m); }
inline void warning(std::string_view m) { write(Level::kWarning, m); }
inline void notice(std::string_view m) { write(Level::kNotice, m); }
inline void info(std::string_view m) { write(Level::kInfo, m); }
inline void debug(std::string_view m) { write(Level::kDebug, m); }

}  // namespace insole::log

#endif  // INSOLE_LOG_LOG_H_
