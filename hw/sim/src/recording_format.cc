#include "insole/hw/sim/recording_format.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

namespace insole::hw::sim {
namespace {

using nlohmann::ordered_json;

ordered_json number_or_null(double v) {
  return std::isnan(v) ? ordered_json(nullptr) : ordered_json(v);
}

void append_fixed(std::string& out, double v, int decimals) {
  char buf[48];
  const double scale = decimals == 3 ? 1e3 : 1e6;
  double r = std::round(v * scale) / scale;
  if (r == 0) r = 0;  // no "-0.000"
  const int n = std::snprintf(buf, sizeof buf, "%.*f", decimals, r);
  out.append(buf, static_cast<std::size_t>(n));
}

}  // namespace

std::string layout_json(const SenselLayout& layout) {
  ordered_json j;
  j["name"] = layout.grid_id;
  j["foot_length_mm"] = layout.foot_length_mm;
  j["foot_width_mm"] = layout.foot_width_mm;
  ordered_json sensels = ordered_json::array();
  for (const Sensel& s : layout.sensels) {
    sensels.push_back({{"x_mm", s.x_mm},
                       {"y_mm", s.y_mm},
                       {"area_mm2", s.load_area_mm2},  // what the force stands for
                       {"region", std::string(region_name(s.region))}});
  }
  j["sensels"] = std::move(sensels);
  return j.dump(2) + "\n";
}

std::string csv_header(std::size_t sensel_count) {
  std::string h = "t_s,side";
  for (std::size_t i = 0; i < sensel_count; ++i) h += ",f" + std::to_string(i);
  return h + "\n";
}

void append_csv_row(std::string& out, double t_s, Foot side, std::span<const double> newtons) {
  append_fixed(out, t_s, 6);
  out += side == Foot::kLeft ? ",L" : ",R";
  for (double f : newtons) {
    out += ',';
    append_fixed(out, f, 3);
  }
  out += '\n';
}

std::string truth_json_line(const StepTruth& t) {
  ordered_json j;
  j["side"] = std::string(name(t.side));
  j["index"] = t.index;
  j["onset_s"] = t.onset_s;
  j["contact_s"] = t.contact_s;
  j["toe_off_s"] = t.toe_off_s;
  j["contact_time_s"] = t.contact_time_s;
  j["strike_index"] = t.strike_index;
  j["strike"] = std::string(name(t.strike));
  j["flat_foot"] = t.flat_foot;
  j["heel_to_forefoot_s"] = number_or_null(t.heel_to_forefoot_s);
  j["pronation"] = std::string(name(t.pronation));
  j["cpei_pct"] = number_or_null(t.cpei_pct);
  j["medial_fraction"] = t.medial_fraction;
  j["peak_force_n"] = t.peak_force_n;
  j["loading_rate_n_per_s"] = t.loading_rate_n_per_s;
  j["impulse_ns"] = t.impulse_ns;
  j["asymmetry"] = {{"peak_force_pct", t.asymmetry.peak_force_pct},
                    {"contact_time_pct", t.asymmetry.contact_time_pct},
                    {"loading_rate_pct", t.asymmetry.loading_rate_pct},
                    {"impulse_pct", t.asymmetry.impulse_pct}};
  return j.dump();
}

}  // namespace insole::hw::sim
