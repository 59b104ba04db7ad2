#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "insole/readers/readers.h"

namespace insole::readers {
namespace {

bool parse_double(std::string_view text, double& out) {
  // from_chars for doubles is in GCC 12's libstdc++.
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(out);
}

std::string_view trim_cr(std::string_view s) {
  if (!s.empty() && s.back() == '\r') s.remove_suffix(1);
  return s;
}

}  // namespace

CsvRecordingReader::CsvRecordingReader(std::istream& in, std::string source,
                                       std::size_t sensel_count)
    : in_(in), source_(std::move(source)), sensels_(sensel_count) {
  if (!std::getline(in_, text_)) fail("empty file: expected the header t_s,side,f0,...");
  ++line_;
  const std::string_view header = trim_cr(text_);
  std::string expected = "t_s,side";
  for (std::size_t i = 0; i < sensels_; ++i) expected += ",f" + std::to_string(i);
  if (header != expected) {
    std::size_t columns = 1;
    for (char c : header) columns += c == ',';
    if (header.rfind("t_s,side,f0", 0) == 0 && columns != sensels_ + 2) {
      fail("header has " + std::to_string(columns - 2) + " force columns but the layout has " +
           std::to_string(sensels_) + " sensels");
    }
    fail("header must be t_s,side,f0,...,f" + std::to_string(sensels_ - 1));
  }
}

void CsvRecordingReader::fail(const std::string& what) const {
  throw InputError(source_ + " line " + std::to_string(line_) + ": " + what);
}

bool CsvRecordingReader::next(Row& row) {
  for (;;) {
    if (!std::getline(in_, text_)) return false;
    ++line_;
    if (!trim_cr(text_).empty()) break;  // tolerate blank lines (e.g. a trailing newline)
  }
  const std::string_view line = trim_cr(text_);
  row.forces_n.resize(sensels_);
  std::size_t column = 0, start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::string_view field = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (column == 0) {
      if (!parse_double(field, row.t_s)) fail("time '" + std::string(field) + "' is not a number");
    } else if (column == 1) {
      if (field == "L")
        row.side = analysis::Side::kLeft;
      else if (field == "R")
        row.side = analysis::Side::kRight;
      else
        fail("side '" + std::string(field) + "' is neither L nor R");
    } else if (column - 2 < sensels_) {
      double v = 0;
      if (!parse_double(field, v)) {
        fail("f" + std::to_string(column - 2) + " '" + std::string(field) + "' is not a number");
      }
      row.forces_n[column - 2] = static_cast<float>(v);
    }
    ++column;
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (column != sensels_ + 2) {
    fail("expected " + std::to_string(sensels_ + 2) + " columns, found " + std::to_string(column));
  }
  double& last = last_t_[row.side == analysis::Side::kLeft ? 0 : 1];
  if (row.t_s <= last) {
    fail("time " + std::to_string(row.t_s) + " s is not after the previous " +
         (row.side == analysis::Side::kLeft ? "L" : "R") + " row (" + std::to_string(last) +
         " s); each foot's rows must be in time order");
  }
  last = row.t_s;
  return true;
}

}  // namespace insole::readers
