#include "insole/readers/line_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "insole/readers/readers.h"

namespace insole::readers {
namespace {
constexpr std::size_t kReadChunk = 64 * 1024;
}  // namespace

LineReader::LineReader(std::istream& in, std::string source, std::size_t max_line_bytes)
    : in_(in),
      source_(std::move(source)),
      max_line_(std::max<std::size_t>(max_line_bytes, 1)),
      buf_(max_line_ + 2 + kReadChunk) {}

void LineReader::fail(std::size_t line, const std::string& what) const {
  throw InputError(source_ + " line " + std::to_string(line) + ": " + what);
}

bool LineReader::next(std::string_view& line) {
  std::size_t scanned = begin_;  // bytes before this were searched for LF and NUL already
  for (;;) {
    const char* base = buf_.data();
    const void* lf = std::memchr(base + scanned, '\n', end_ - scanned);
    const std::size_t stop = lf ? static_cast<std::size_t>(static_cast<const char*>(lf) - base)
                                : end_;  // the line so far (or the last line, at EOF)
    if (std::memchr(base + scanned, '\0', stop - scanned)) {
      fail(line_ + 1, "holds a NUL byte: binary data, not a text file");
    }
    std::size_t length = stop - begin_;
    if (length > 0 && base[begin_ + length - 1] == '\r' && (lf || eof_)) --length;
    if (length > max_line_ && (lf || eof_ || stop - begin_ > max_line_ + 1)) {
      fail(line_ + 1, "longer than " + std::to_string(max_line_) +
                          " bytes: not a line of this format (is it the right file?)");
    }
    if (lf || (eof_ && stop > begin_)) {
      line = std::string_view(base + begin_, length);
      begin_ = lf ? stop + 1 : stop;
      ++line_;
      return true;
    }
    if (eof_) return false;
    // No LF yet: keep the partial line at the front and read more behind it.
    if (begin_ > 0) {
      std::memmove(buf_.data(), base + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    scanned = end_;
    std::streambuf* sb = in_.rdbuf();
    const std::streamsize got =
        sb ? sb->sgetn(buf_.data() + end_, static_cast<std::streamsize>(buf_.size() - end_)) : 0;
    if (got <= 0) {
      eof_ = true;
    } else {
      end_ += static_cast<std::size_t>(got);
    }
  }
}

std::string printable(std::string_view field) {
  constexpr std::size_t kMax = 32;
  std::string out;
  for (std::size_t i = 0; i < field.size() && i < kMax; ++i) {
    const auto c = static_cast<unsigned char>(field[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof(hex), "\\x%02x", c);
      out += hex;
    }
  }
  if (field.size() > kMax) out += "...";
  return out;
}

}  // namespace insole::readers
