#include "insole/fitting/trial_json.h"

#include <cmath>
#include <string>

#include "insole/analysis/gait_analyzer.h"

namespace insole::fitting {
namespace {

using nlohmann::json;
namespace an = insole::analysis;

constexpr std::array<const char*, 2> kSides = {"L", "R"};
constexpr std::array<const char*, 3> kStrikes = {"rearfoot", "midfoot", "forefoot"};

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json layout_json(const an::Layout& layout) {
  json sensels = json::array();
  for (const auto& s : layout.sensels) sensels.push_back({s.x_mm, s.y_mm, s.area_mm2});
  return {{"grid_id", layout.name},
          {"foot_length_mm", layout.foot_length_mm},
          {"foot_width_mm", layout.foot_width_mm},
          {"sensels", std::move(sensels)}};
}

json foot_json(const FootResult& f) {
  json share = json::object();
  for (std::size_t c = 0; c < 3; ++c)
    share[kStrikes[c]] = f.steps > 0 ? json(f.strike_share[c]) : json(nullptr);
  json map = json::array();
  for (double v : f.pressure_map_kpa) map.push_back(number(v));
  json path = json::array();
  for (const auto& p : f.cop_path) path.push_back({number(p.x_mm), number(p.y_mm)});
  const bool any = f.steps > 0;
  return {{"steps", f.steps},
          {"strike", any ? json(std::string(an::name(f.strike))) : json(nullptr)},
          {"strike_share", std::move(share)},
          {"flat_foot_pct", number(f.flat_foot_pct)},
          {"pronation", any ? json(std::string(an::name(f.pronation))) : json(nullptr)},
          {"pronation_index", number(f.pronation_index)},
          {"contact_time_ms", number(f.contact_time_ms)},
          {"peak_force_n", number(f.peak_force_n)},
          {"loading_rate_bw_per_s", number(f.loading_rate_bw_per_s)},
          {"loading_rate_sd_bw_per_s", number(f.loading_rate_sd_bw_per_s)},
          {"peak_pressure_kpa", number(f.peak_pressure_kpa)},
          {"peak_pressure_sd_kpa", number(f.peak_pressure_sd_kpa)},
          {"pressure_steps", f.pressure_steps},
          {"pressure_map_kpa", std::move(map)},
          {"cop_path", std::move(path)},
          {"layout", f.layout ? layout_json(*f.layout) : json(nullptr)}};
}

// Readers: the key path is carried along so an error names it.
const json& at(const json& j, const std::string& path, const char* key) {
  if (!j.is_object() || !j.contains(key)) {
    throw TrialJsonError("trial result: missing \"" + path + key + "\"");
  }
  return j.at(key);
}

double read_number(const json& j, const std::string& path, const char* key) {
  const json& v = at(j, path, key);
  if (v.is_null()) return kNaN;
  if (!v.is_number()) throw TrialJsonError("trial result: \"" + path + key + "\" is not a number");
  return v.get<double>();
}

double element(const json& v, const std::string& what) {
  if (v.is_null()) return kNaN;
  if (!v.is_number()) throw TrialJsonError("trial result: " + what + " is not a number");
  return v.get<double>();
}

std::size_t read_count(const json& j, const std::string& path, const char* key) {
  const json& v = at(j, path, key);
  if (!v.is_number_unsigned() && !(v.is_number_integer() && v.get<std::int64_t>() >= 0)) {
    throw TrialJsonError("trial result: \"" + path + key + "\" is not a count");
  }
  return v.get<std::size_t>();
}

const json& read_array(const json& j, const std::string& path, const char* key) {
  const json& v = at(j, path, key);
  if (!v.is_array()) throw TrialJsonError("trial result: \"" + path + key + "\" is not a list");
  return v;
}

template <typename Enum, std::size_t N>
Enum read_class(const json& j, const std::string& path, const char* key,
                const std::array<const char*, N>& names, Enum fallback) {
  const json& v = at(j, path, key);
  if (v.is_null()) return fallback;
  for (std::size_t i = 0; i < N; ++i) {
    if (v.is_string() && v.get<std::string>() == names[i]) return static_cast<Enum>(i);
  }
  throw TrialJsonError("trial result: \"" + path + key + "\" is not one of the known classes");
}

an::Layout parse_layout(const json& j, const std::string& path) {
  an::Layout layout;
  if (j.contains("grid_id") && j.at("grid_id").is_string()) layout.name = j.at("grid_id");
  layout.foot_length_mm = read_number(j, path, "foot_length_mm");
  layout.foot_width_mm = read_number(j, path, "foot_width_mm");
  for (const json& s : read_array(j, path, "sensels")) {
    if (!s.is_array() || s.size() != 3) {
      throw TrialJsonError("trial result: \"" + path + "sensels\" entries must be [x, y, area]");
    }
    layout.sensels.push_back({element(s[0], path + "sensels x"), element(s[1], path + "sensels y"),
                              element(s[2], path + "sensels area")});
  }
  return layout;
}

FootResult parse_foot(const json& j, const std::string& path) {
  static constexpr std::array<const char*, 3> kPronations = {"under", "neutral", "over"};
  FootResult f;
  f.steps = read_count(j, path, "steps");
  f.strike = read_class(j, path, "strike", kStrikes, an::Strike::kRearfoot);
  const json& share = at(j, path, "strike_share");
  for (std::size_t c = 0; c < 3; ++c) {
    const double v = read_number(share, path + "strike_share.", kStrikes[c]);
    f.strike_share[c] = std::isnan(v) ? 0.0 : v;
  }
  f.flat_foot_pct = read_number(j, path, "flat_foot_pct");
  f.pronation = read_class(j, path, "pronation", kPronations, an::Pronation::kNeutral);
  f.pronation_index = read_number(j, path, "pronation_index");
  f.contact_time_ms = read_number(j, path, "contact_time_ms");
  f.peak_force_n = read_number(j, path, "peak_force_n");
  f.loading_rate_bw_per_s = read_number(j, path, "loading_rate_bw_per_s");
  f.loading_rate_sd_bw_per_s = read_number(j, path, "loading_rate_sd_bw_per_s");
  f.peak_pressure_kpa = read_number(j, path, "peak_pressure_kpa");
  f.peak_pressure_sd_kpa = read_number(j, path, "peak_pressure_sd_kpa");
  f.pressure_steps = read_count(j, path, "pressure_steps");
  for (const json& v : read_array(j, path, "pressure_map_kpa")) {
    f.pressure_map_kpa.push_back(element(v, path + "pressure_map_kpa"));
  }
  for (const json& p : read_array(j, path, "cop_path")) {
    if (!p.is_array() || p.size() != 2) {
      throw TrialJsonError("trial result: \"" + path + "cop_path\" entries must be [x, y]");
    }
    f.cop_path.push_back({element(p[0], path + "cop_path x"), element(p[1], path + "cop_path y")});
  }
  const json& layout = at(j, path, "layout");
  if (!layout.is_null()) f.layout = parse_layout(layout, path + "layout.");
  return f;
}

}  // namespace

json trial_result_json(const TrialResult& r) {
  json asym = json::object();
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = r.asymmetry[m];
    asym[std::string(an::name(an::kAsymmetryMetrics[m]))] = {
        {"si_pct", number(a.si_pct)},
        {"ci95", {number(a.ci_low_pct), number(a.ci_high_pct)}},
        {"flagged", a.flagged}};
  }
  return {{kSides[0], foot_json(r.feet[0])},
          {kSides[1], foot_json(r.feet[1])},
          {"cadence_spm", number(r.cadence_spm)},
          {"body_weight_n", number(r.body_weight_n)},
          {"asymmetry", std::move(asym)}};
}

TrialResult parse_trial_result(const json& j) {
  if (!j.is_object()) throw TrialJsonError("trial result: not a JSON object");
  TrialResult r;
  for (std::size_t f = 0; f < 2; ++f) {
    r.feet[f] = parse_foot(at(j, "", kSides[f]), std::string(kSides[f]) + ".");
  }
  r.cadence_spm = read_number(j, "", "cadence_spm");
  r.body_weight_n = read_number(j, "", "body_weight_n");
  const json& asym = at(j, "", "asymmetry");
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const std::string key(an::name(an::kAsymmetryMetrics[m]));
    const json& a = at(asym, "asymmetry.", key.c_str());
    const std::string path = "asymmetry." + key + ".";
    an::Asymmetry& out = r.asymmetry[m];
    out.si_pct = read_number(a, path, "si_pct");
    const json& ci = at(a, path, "ci95");
    if (!ci.is_array() || ci.size() != 2) {
      throw TrialJsonError("trial result: \"" + path + "ci95\" must be [low, high]");
    }
    out.ci_low_pct = element(ci[0], path + "ci95");
    out.ci_high_pct = element(ci[1], path + "ci95");
    const json& flagged = at(a, path, "flagged");
    if (!flagged.is_boolean())
      throw TrialJsonError("trial result: \"" + path + "flagged\" is not true/false");
    out.flagged = flagged.get<bool>();
    // The step counts behind the index are the feet's.
    out.left_n = r.feet[0].steps;
    out.right_n = r.feet[1].steps;
  }
  return r;
}

}  // namespace insole::fitting
