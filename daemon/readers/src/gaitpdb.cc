#include <charconv>
#include <cmath>
#include <string>
#include <string_view>

#include "force_range.h"
#include "insole/readers/readers.h"

namespace insole::readers {
namespace {

// gaitpdb sensor coordinates (PhysioNet format.txt, Infotronic units; |X| only, +Y toward the
// toes): heel 1, lateral 2/4/6, medial 3/5/7, toe 8.
constexpr double kSensorAbsX[8] = {500, 700, 300, 700, 300, 700, 300, 500};
constexpr double kSensorY[8] = {-800, -400, -400, 0, 0, 400, 400, 800};
constexpr double kFootLengthMm = 255;  // an average adult foot; the units are arbitrary anyway
constexpr double kFootWidthMm = 0.38 * kFootLengthMm;
// A gaitpdb line is about 100 bytes (19 numbers).
constexpr std::size_t kMaxLineBytes = 4096;

}  // namespace

analysis::Layout gaitpdb_layout() {
  analysis::Layout layout;
  layout.name = "gaitpdb-infotronic-8";
  layout.foot_length_mm = kFootLengthMm;
  layout.foot_width_mm = kFootWidthMm;
  // Y -1000..+1000 spans the foot; |X| 300 (medial) .. 700 (lateral) spans its middle half.
  for (int i = 0; i < 8; ++i) {
    analysis::SenselPosition p;
    p.y_mm = (kSensorY[i] + 1000.0) / 2000.0 * kFootLengthMm;
    p.x_mm = (500.0 - kSensorAbsX[i]) / 400.0 * 0.5 * kFootWidthMm;
    p.area_mm2 = 0;
    layout.sensels.push_back(p);
  }
  return layout;
}

GaitpdbReader::GaitpdbReader(std::istream& in, std::string source)
    : lines_(in, std::move(source), kMaxLineBytes) {}

void GaitpdbReader::fail(const std::string& what) const {
  throw InputError(lines_.source() + " line " + std::to_string(lines_.line()) + ": " + what);
}

bool GaitpdbReader::next(Row& left, Row& right) {
  std::string_view line;
  for (;;) {
    if (!lines_.next(line)) {
      if (rows_ > 0) return false;
      if (lines_.line() == 0) {
        throw InputError(lines_.source() +
                         " line 1: empty file: expected rows of 19 tab-separated columns "
                         "(gaitpdb format)");
      }
      fail("no data rows: the file holds only blank lines");
    }
    if (!line.empty()) break;
  }
  double v[19];
  int n = 0;
  std::size_t pos = 0;
  while (pos <= line.size() && n < 20) {
    while (pos < line.size() && (line[pos] == '\t' || line[pos] == ' ')) ++pos;
    if (pos >= line.size()) break;
    std::size_t end = pos;
    while (end < line.size() && line[end] != '\t' && line[end] != ' ') ++end;
    if (n == 19) fail("more than 19 columns");
    const auto r = std::from_chars(line.data() + pos, line.data() + end, v[n]);
    if (r.ec != std::errc() || r.ptr != line.data() + end || !std::isfinite(v[n])) {
      fail("column " + std::to_string(n + 1) + " '" + printable(line.substr(pos, end - pos)) +
           "' is not a number");
    }
    ++n;
    pos = end;
  }
  if (n != 19) fail("expected 19 columns (gaitpdb format), found " + std::to_string(n));
  // Columns 2-17 are one sensor each, 18 and 19 the sum of a foot's 8.
  for (int c = 1; c < 19; ++c) {
    const double scale = c < 17 ? 1.0 : 8.0;
    if (v[c] < kForceNoiseFloorN || v[c] > kMaxSenselForceN * scale) {
      fail("column " + std::to_string(c + 1) + " is " + force_problem(v[c], scale));
    }
  }
  if (v[0] <= last_t_) fail("time " + std::to_string(v[0]) + " s is not after the previous row");
  last_t_ = v[0];
  left.t_s = right.t_s = v[0];
  left.side = analysis::Side::kLeft;
  right.side = analysis::Side::kRight;
  left.forces_n.resize(8);
  right.forces_n.resize(8);
  for (int i = 0; i < 8; ++i) {
    left.forces_n[static_cast<std::size_t>(i)] = static_cast<float>(v[1 + i]);
    right.forces_n[static_cast<std::size_t>(i)] = static_cast<float>(v[9 + i]);
  }
  ++rows_;
  return true;
}

}  // namespace insole::readers
