#include "insole/log/log.h"

#include <cstdio>
#include <cstdlib>

namespace insole::log {
namespace {
Style g_style = style_from_environment();
Level g_max_level = Level::kInfo;

const char* word(Level level) {
  switch (level) {
    case Level::kError:
      return "error: ";
    case Level::kWarning:
      return "warning: ";
    case Level::kDebug:
      return "debug: ";
    default:
      return "";
  }
}
}  // namespace

Style style_from_environment() {
  return std::getenv("JOURNAL_STREAM") != nullptr ? Style::kJournal : Style::kTerminal;
}

void set_style(Style style) { g_style = style; }
void set_max_level(Level level) { g_max_level = level; }

std::string format(Style style, Level level, std::string_view message) {
  std::string line;
  if (style == Style::kJournal) {
    line = "<" + std::to_string(static_cast<int>(level)) + ">";
  } else {
    line = "insoled: ";
    line += word(level);
  }
  line += message;
  return line;
}

void write(Level level, std::string_view message) {
  if (static_cast<int>(level) > static_cast<int>(g_max_level)) return;
  std::string line = format(g_style, level, message);
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace insole::log
