#include <nlohmann/json.hpp>
#include <string>

#include "insole/readers/readers.h"

namespace insole::readers {

analysis::Layout read_layout_json(std::istream& in, const std::string& source) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(source + ": not valid JSON: " + e.what());
  }
  auto number = [&](const nlohmann::json& obj, const char* key, const std::string& where) {
    if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number()) {
      throw InputError(source + ": " + where + " needs a number \"" + key + "\"");
    }
    return obj[key].get<double>();
  };
  analysis::Layout layout;
  if (!j.is_object()) throw InputError(source + ": the layout must be a JSON object");
  layout.name = j.value("name", "");
  layout.foot_length_mm = number(j, "foot_length_mm", "the layout");
  if (j.contains("foot_width_mm")) layout.foot_width_mm = number(j, "foot_width_mm", "the layout");
  if (!j.contains("sensels") || !j["sensels"].is_array() || j["sensels"].empty()) {
    throw InputError(source + ": the layout needs a non-empty array \"sensels\"");
  }
  std::size_t i = 0;
  for (const auto& s : j["sensels"]) {
    const std::string where = "sensel " + std::to_string(i++);
    analysis::SenselPosition p;
    p.x_mm = number(s, "x_mm", where);
    p.y_mm = number(s, "y_mm", where);
    p.area_mm2 = s.contains("area_mm2") ? number(s, "area_mm2", where) : 0.0;
    layout.sensels.push_back(p);
  }
  try {
    analysis::derive_zones(layout);
  } catch (const analysis::LayoutError& e) {
    throw InputError(source + ": " + e.what());
  }
  return layout;
}

}  // namespace insole::readers
