#include "insole/hw/validation/expected_figures.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace insole::hw::validation {

std::string expected_figures_json(const Figures& figures, std::string_view about) {
  nlohmann::json j;
  j["about"] = about;
  j["figures"] = nlohmann::json::object();
  for (const auto& [key, f] : figures) {
    nlohmann::json e;
    e["value"] = std::isfinite(f.value) ? nlohmann::json(f.value) : nlohmann::json(nullptr);
    e["better"] = f.higher_better ? "higher" : "lower";
    e["margin"] = f.margin;
    j["figures"][key] = e;
  }
  return j.dump(2) + "\n";
}

std::vector<FigureCheck> check_figures(std::string_view expected_json, const Figures& measured,
                                       std::string_view skip_prefix) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(expected_json);
  } catch (const nlohmann::json::exception& e) {
    throw ExpectedFiguresError(std::string("not JSON: ") + e.what());
  }
  if (!j.is_object() || !j.contains("figures") || !j["figures"].is_object())
    throw ExpectedFiguresError("no \"figures\" object");
  bool prefix_measured = false;
  for (const auto& [key, f] : measured)
    prefix_measured = prefix_measured || std::string_view(key).starts_with(skip_prefix);
  std::vector<FigureCheck> out;
  for (const auto& [key, e] : j["figures"].items()) {
    FigureCheck c;
    c.key = key;
    if (!e.is_object() || !e.contains("value") || !e.contains("better") || !e.contains("margin") ||
        !e["margin"].is_number() || !e["better"].is_string() ||
        !(e["value"].is_number() || e["value"].is_null()))
      throw ExpectedFiguresError("figure \"" + key + "\" needs value, better and margin");
    const std::string better = e["better"].get<std::string>();
    if (better != "higher" && better != "lower")
      throw ExpectedFiguresError("figure \"" + key + "\": better must be higher or lower");
    c.margin = e["margin"].get<double>();
    const auto it = measured.find(key);
    if (it == measured.end()) {
      c.verdict =
          !skip_prefix.empty() && std::string_view(key).starts_with(skip_prefix) && !prefix_measured
              ? FigureCheck::Verdict::kSkipped
              : FigureCheck::Verdict::kMissing;
      out.push_back(c);
      continue;
    }
    c.measured = it->second.value;
    if (e["value"].is_null()) {
      c.verdict = FigureCheck::Verdict::kNotChecked;
      out.push_back(c);
      continue;
    }
    c.expected = e["value"].get<double>();
    const bool ok =
        std::isfinite(c.measured) && (better == "higher" ? c.measured >= c.expected - c.margin
                                                         : c.measured <= c.expected + c.margin);
    c.verdict = ok ? FigureCheck::Verdict::kOk : FigureCheck::Verdict::kRegressed;
    out.push_back(c);
  }
  return out;
}

bool regressed(const std::vector<FigureCheck>& checks) {
  for (const auto& c : checks)
    if (c.verdict == FigureCheck::Verdict::kRegressed ||
        c.verdict == FigureCheck::Verdict::kMissing)
      return true;
  return false;
}

}  // namespace insole::hw::validation
