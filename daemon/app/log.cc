#include "log.h"

#include <cstdio>
#include <cstdlib>
#include <string>

namespace insole::app::log {
namespace {
bool g_verbose = false;

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

void set_verbose(bool verbose) { g_verbose = verbose; }

void write(Level level, std::string_view message) {
  if (level == Level::kDebug && !g_verbose) return;
  static const bool journald = std::getenv("JOURNAL_STREAM") != nullptr;
  std::string line;
  if (journald) {
    line = "<" + std::to_string(static_cast<int>(level)) + ">";
    line += message;
  } else {
    line = "insoled: ";
    line += word(level);
    line += message;
  }
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

}  // namespace insole::app::log
