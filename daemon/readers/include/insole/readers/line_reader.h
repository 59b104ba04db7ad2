// Lines of a text file read through one fixed buffer, so memory does not depend on the size of
// the file or of its lines: a line longer than the bound, or holding a NUL byte (binary data), is
// an InputError naming the file and the line instead of a string grown to the size of the file.
#ifndef INSOLE_READERS_LINE_READER_H_
#define INSOLE_READERS_LINE_READER_H_

#include <cstddef>
#include <istream>
#include <string>
#include <string_view>
#include <vector>

namespace insole::readers {

class LineReader {
 public:
  // max_line_bytes: the longest line accepted, without its line break (> 0).
  LineReader(std::istream& in, std::string source, std::size_t max_line_bytes);

  // The next line without its LF (and a CR before it), including a last line with no LF; false
  // at the end of input. The view stays valid until the next call. Throws InputError
  // "<source> line <n>: ..." for a line over the bound or with a NUL byte.
  bool next(std::string_view& line);

  // Number of the line last returned (1-based; 0 before the first).
  std::size_t line() const { return line_; }
  const std::string& source() const { return source_; }
  std::size_t max_line_bytes() const { return max_line_; }

 private:
  [[noreturn]] void fail(std::size_t line, const std::string& what) const;
  std::istream& in_;
  std::string source_;
  std::size_t max_line_;
  std::vector<char> buf_;  // fixed size: max_line_ + line break + one read chunk
  std::size_t begin_ = 0, end_ = 0;
  std::size_t line_ = 0;
  bool eof_ = false;
};

// A field as an error message quotes it: at most 32 characters, bytes outside printable ASCII
// as \xNN.
std::string printable(std::string_view field);

}  // namespace insole::readers

#endif  // INSOLE_READERS_LINE_READER_H_
