#include "board_args.h"

#include <string.h>

namespace insole::fw::mps2 {
namespace {

// strcmp() == 0 without newlib's 700-byte word-at-a-time strcmp.
bool same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) {
    ++a;
    ++b;
  }
  return *a == *b;
}

bool parse_u32(const char* text, uint32_t* out) {
  uint32_t v = 0;
  if (*text == '\0') return false;
  for (; *text != '\0'; ++text) {
    if (*text < '0' || *text > '9' || v > (0xFFFFFFFFu - 9) / 10) return false;
    v = v * 10 + static_cast<uint32_t>(*text - '0');
  }
  *out = v;
  return true;
}

BoardArgs invalid(const char* why) {
  BoardArgs args;
  args.error = why;
  return args;
}

}  // namespace

BoardArgs parse_board_args(char* line) {
  BoardArgs args;
  char* p = line;
  for (;;) {
    while (*p == ' ') *p++ = '\0';
    if (*p == '\0') break;
    char* word = p;
    while (*p != ' ' && *p != '\0') ++p;
    if (*p == ' ') *p++ = '\0';
    char* eq = strchr(word, '=');
    if (eq == nullptr) {
      if (same(word, "budget")) args.budget = true;
      continue;
    }
    *eq = '\0';
    const char* value = eq + 1;
    if (same(word, "flash")) {
      args.flash = value;
    } else if (same(word, "flash-mib")) {
      if (!parse_u32(value, &args.flash_mib) || args.flash_mib == 0 || args.flash_mib > 64)
        return invalid("flash-mib must be 1..64");
    } else if (same(word, "scans")) {
      args.scans = value;
    } else if (same(word, "frames-out")) {
      args.frames_out = value;
    } else if (same(word, "frames")) {
      if (!parse_u32(value, &args.frames) || args.frames == 0)
        return invalid("frames must be a positive number");
    } else if (same(word, "rate")) {
      if (!parse_u32(value, &args.rate_hz) || args.rate_hz == 0)
        return invalid("rate must be a positive number");
    } else {
      return invalid(
          "unknown argument (flash, flash-mib, scans, frames-out, frames, rate, budget)");
    }
  }
  if (args.scans != nullptr && args.frames_out == nullptr)
    return invalid("scans= needs frames-out=");
  if (args.scans == nullptr &&
      (args.frames_out != nullptr || args.frames != 0 || args.rate_hz != 0))
    return invalid("frames-out=, frames= and rate= need scans=");
  if (args.budget && args.scans != nullptr)
    return invalid("budget runs on built-in scans, not scans=");
  return args;
}

}  // namespace insole::fw::mps2
