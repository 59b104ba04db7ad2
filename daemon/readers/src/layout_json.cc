#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>

#include "insole/readers/readers.h"

namespace insole::readers {
namespace {

// Checks the JSON without building it and keeps where the first error is. nlohmann reports every
// input error here, with its byte offset: syntax errors (parse_error) and numbers beyond a
// double's range such as 1e400 (out_of_range 406, which json::parse would throw as is).
class JsonChecker : public nlohmann::json_sax<nlohmann::json> {
 public:
  bool null() override { return true; }
  bool boolean(bool) override { return true; }
  bool number_integer(number_integer_t) override { return true; }
  bool number_unsigned(number_unsigned_t) override { return true; }
  bool number_float(number_float_t, const string_t&) override { return true; }
  bool string(string_t&) override { return true; }
  bool binary(binary_t&) override { return true; }
  bool start_object(std::size_t) override { return true; }
  bool key(string_t&) override { return true; }
  bool end_object() override { return true; }
  bool start_array(std::size_t) override { return true; }
  bool end_array() override { return true; }
  bool parse_error(std::size_t position, const std::string&,
                   const nlohmann::json::exception& e) override {
    offset = position;
    message = e.what();
    // "[json.exception.parse_error.101] parse error at ...": the bracket names the library.
    if (!message.empty() && message.front() == '[') {
      const auto end = message.find("] ");
      if (end != std::string::npos) message.erase(0, end + 2);
    }
    return false;
  }

  std::size_t offset = 0;
  std::string message;
};

}  // namespace

analysis::Layout read_layout_json(std::istream& in, const std::string& source) {
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  JsonChecker checker;
  if (!nlohmann::json::sax_parse(text, &checker)) {
    const auto until =
        text.begin() + static_cast<std::ptrdiff_t>(std::min(checker.offset, text.size()));
    const auto line = 1 + std::count(text.begin(), until, '\n');
    throw InputError(source + " line " + std::to_string(line) +
                     ": not valid JSON: " + checker.message);
  }
  const nlohmann::json j = nlohmann::json::parse(text);  // valid: checked above
  auto number = [&](const nlohmann::json& obj, const char* key, const std::string& where) {
    if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number()) {
      throw InputError(source + ": " + where + " needs a number \"" + key + "\"");
    }
    return obj[key].get<double>();
  };
  analysis::Layout layout;
  if (!j.is_object()) throw InputError(source + ": the layout must be a JSON object");
  if (j.contains("name")) {
    if (!j["name"].is_string())
      throw InputError(source + ": the layout's \"name\" must be a string");
    layout.name = j["name"].get<std::string>();
  }
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
