#include "insole/hw/sim/gaitpdb.h"

#include <charconv>
#include <string>

namespace insole::hw::sim {
namespace {

constexpr std::size_t kColumns = 19;

[[noreturn]] void fail(std::size_t line, const std::string& what) {
  throw GaitpdbError("gaitpdb: line " + std::to_string(line) + ": " + what);
}

}  // namespace

std::vector<GaitpdbSample> parse_gaitpdb(std::string_view text) {
  std::vector<GaitpdbSample> samples;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    double values[kColumns];
    std::size_t column = 0;
    std::size_t field_start = 0;
    while (true) {
      const std::size_t tab = line.find('\t', field_start);
      const std::string_view field = line.substr(
          field_start, tab == std::string_view::npos ? std::string_view::npos : tab - field_start);
      if (column >= kColumns) fail(line_no, "more than 19 columns");
      const auto [ptr, ec] =
          std::from_chars(field.data(), field.data() + field.size(), values[column]);
      if (ec != std::errc() || ptr != field.data() + field.size() || field.empty()) {
        fail(line_no, "column " + std::to_string(column + 1) + " is not a number: \"" +
                          std::string(field) + "\"");
      }
      ++column;
      if (tab == std::string_view::npos) break;
      field_start = tab + 1;
    }
    if (column != kColumns) {
      fail(line_no, std::to_string(column) + " columns, expected 19");
    }
    GaitpdbSample s{};
    s.t_s = values[0];
    for (std::size_t i = 0; i < kGaitpdbSensors; ++i) {
      s.left[i] = values[1 + i];
      s.right[i] = values[9 + i];
    }
    s.left_total_n = values[17];
    s.right_total_n = values[18];
    samples.push_back(s);
  }
  if (samples.empty()) throw GaitpdbError("gaitpdb: no samples");
  return samples;
}

SenselLayout gaitpdb_layout(double foot_length_mm) {
  // (|X|, Y, region) of sensors 1..8, the dataset's arbitrary units.
  struct Position {
    double abs_x, y;
    Region region;
  };
  static constexpr Position kSensors[kGaitpdbSensors] = {
      {500, -800, Region::kMedialHeel}, {700, -400, Region::kLateralHeel},
      {300, -400, Region::kMedialHeel}, {700, 0, Region::kLateralMidfoot},
      {300, 0, Region::kMedialMidfoot}, {700, 400, Region::kMet5},
      {300, 400, Region::kMet1},        {500, 800, Region::kHallux},
  };
  const double scale = 0.83 * foot_length_mm / 1600.0;
  SenselLayout layout;
  layout.grid_id = "gaitpdb-8";
  layout.eu_size = 0;
  layout.foot_length_mm = foot_length_mm;
  layout.foot_width_mm = 0.38 * foot_length_mm;
  for (const Position& p : kSensors) {
    layout.sensels.push_back(Sensel{
        (500.0 - p.abs_x) * scale, 0.07 * foot_length_mm + (p.y + 800.0) * scale, 300.0, p.region});
  }
  return layout;
}

void GaitpdbReplay::frame(std::size_t n, std::span<double> left, std::span<double> right) const {
  if (left.size() != kGaitpdbSensors || right.size() != kGaitpdbSensors) {
    throw std::invalid_argument("GaitpdbReplay::frame needs 8 outputs per foot");
  }
  const GaitpdbSample& s = samples_.at(n);
  for (std::size_t i = 0; i < kGaitpdbSensors; ++i) {
    left[i] = s.left[i];
    right[i] = s.right[i];
  }
}

}  // namespace insole::hw::sim
