#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "force_range.h"
#include "insole/readers/readers.h"

namespace insole::readers {
namespace {

bool parse_double(std::string_view text, double& out) {
  // from_chars for doubles is in GCC 12's libstdc++.
  const auto* end = text.data() + text.size();
  const auto r = std::from_chars(text.data(), end, out);
  return r.ec == std::errc() && r.ptr == end && std::isfinite(out);
}

// A row of N sensels holds at most a few dozen bytes per column; far longer lines are not rows.
std::size_t max_line_bytes(std::size_t sensels) {
  return std::max<std::size_t>(64 * 1024, 64 * (sensels + 2));
}

}  // namespace

CsvRecordingReader::CsvRecordingReader(std::istream& in, std::string source,
                                       std::size_t sensel_count)
    : lines_(in, std::move(source), max_line_bytes(sensel_count)), sensels_(sensel_count) {
  std::string_view header;
  if (!lines_.next(header)) {
    throw InputError(lines_.source() + " line 1: empty file: expected the header t_s,side,f0,...");
  }
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
  throw InputError(lines_.source() + " line " + std::to_string(lines_.line()) + ": " + what);
}

bool CsvRecordingReader::next(Row& row) {
  std::string_view line;
  for (;;) {
    if (!lines_.next(line)) {
      if (rows_ == 0) fail("no data rows: the recording is empty (only its header)");
      return false;
    }
    if (!line.empty()) break;  // tolerate blank lines (e.g. a trailing newline)
  }
  row.forces_n.resize(sensels_);
  std::size_t column = 0, start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    const std::string_view field = line.substr(
        start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (column == 0) {
      if (!parse_double(field, row.t_s)) fail("time '" + printable(field) + "' is not a number");
    } else if (column == 1) {
      if (field == "L")
        row.side = analysis::Side::kLeft;
      else if (field == "R")
        row.side = analysis::Side::kRight;
      else
        fail("side '" + printable(field) + "' is neither L nor R");
    } else if (column - 2 < sensels_) {
      double v = 0;
      if (!parse_double(field, v)) {
        fail("f" + std::to_string(column - 2) + " '" + printable(field) + "' is not a number");
      }
      if (v < kForceNoiseFloorN || v > kMaxSenselForceN) {
        fail("f" + std::to_string(column - 2) + " is " + force_problem(v));
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
  ++rows_;
  return true;
}

}  // namespace insole::readers
