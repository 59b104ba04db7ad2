#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "insole/readers/readers.h"

namespace insole::readers {
namespace {

// An iterator over the text that publishes how far the parser has read, so SAX events can be
// given the line they were read on (nlohmann's SAX interface passes no positions).
class TrackingIterator {
 public:
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  TrackingIterator(const char* p, const char** read_to) : p_(p), read_to_(read_to) {}
  reference operator*() const { return *p_; }
  TrackingIterator& operator++() {
    *read_to_ = ++p_;
    return *this;
  }
  TrackingIterator operator++(int) {
    TrackingIterator before = *this;
    ++*this;
    return before;
  }
  bool operator==(const TrackingIterator& o) const { return p_ == o.p_; }
  bool operator!=(const TrackingIterator& o) const { return p_ != o.p_; }

 private:
  const char* p_;
  const char** read_to_;
};

// Where the layout's fields are: the line of each value the layout uses. 0: not present.
struct FieldLines {
  std::size_t root = 1, name = 0, foot_length = 0, foot_width = 0, time_constant = 0, sensels = 0;
  std::vector<std::array<std::size_t, 4>> sensel;  // object, x_mm, y_mm, area_mm2
};

// Checks the JSON without building it, keeps where the first error is, and notes the line of
// every field the layout uses. nlohmann reports every input error here, with its byte offset:
// syntax errors (parse_error) and numbers beyond a double's range such as 1e400 (out_of_range
// 406, which json::parse would throw as is).
class JsonChecker : public nlohmann::json_sax<nlohmann::json> {
 public:
  JsonChecker(const char* text, const char** read_to) : read_to_(read_to), scanned_(text) {}

  bool null() override { return scalar(); }
  bool boolean(bool) override { return scalar(); }
  bool number_integer(number_integer_t) override { return scalar(); }
  bool number_unsigned(number_unsigned_t) override { return scalar(); }
  bool number_float(number_float_t, const string_t&) override { return scalar(); }
  bool string(string_t&) override { return scalar(); }
  bool binary(binary_t&) override { return scalar(); }
  bool start_object(std::size_t) override {
    value_starts();
    path_.push_back({false, 0, {}});
    return true;
  }
  bool key(string_t& k) override {
    path_.back().key = k;
    return true;
  }
  bool end_object() override {
    path_.pop_back();
    value_ends();
    return true;
  }
  bool start_array(std::size_t) override {
    value_starts();
    path_.push_back({true, 0, {}});
    return true;
  }
  bool end_array() override {
    path_.pop_back();
    value_ends();
    return true;
  }
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
  FieldLines lines;

 private:
  struct Level {
    bool array;
    std::size_t index;
    std::string key;
  };

  // The line of the last non-blank character read: a value's own line, since the parser reads
  // at most one character past a value (a blank, or a ',', '}' or ']' right after it).
  std::size_t line_now() {
    const char* to = *read_to_;
    for (; scanned_ < to; ++scanned_) {
      const char c = *scanned_;
      if (c == '\n') {
        ++line_;
      } else if (c != ' ' && c != '\t' && c != '\r') {
        token_line_ = line_;
      }
    }
    return token_line_;
  }

  bool scalar() {
    value_starts();
    value_ends();
    return true;
  }

  // A value starts: note its line if the layout uses it.
  void value_starts() {
    const std::size_t line = line_now();
    if (path_.size() == 1 && !path_[0].array) {
      const std::string& k = path_[0].key;
      if (k == "name") lines.name = line;
      if (k == "foot_length_mm") lines.foot_length = line;
      if (k == "foot_width_mm") lines.foot_width = line;
      if (k == "sensor_time_constant_ms") lines.time_constant = line;
      if (k == "sensels") lines.sensels = line;
    } else if (path_.size() >= 2 && !path_[0].array && path_[0].key == "sensels" &&
               path_[1].array) {
      const std::size_t i = path_[1].index;
      if (lines.sensel.size() <= i) lines.sensel.resize(i + 1, {0, 0, 0, 0});
      if (path_.size() == 2) {
        lines.sensel[i][0] = line;
      } else if (path_.size() == 3 && !path_[2].array) {
        const std::string& k = path_[2].key;
        if (k == "x_mm") lines.sensel[i][1] = line;
        if (k == "y_mm") lines.sensel[i][2] = line;
        if (k == "area_mm2") lines.sensel[i][3] = line;
      }
    } else if (path_.empty()) {
      lines.root = line;
    }
  }
  // A value ended: the next one in an array is the next element.
  void value_ends() {
    if (!path_.empty() && path_.back().array) ++path_.back().index;
  }

  const char** read_to_;
  const char* scanned_;
  std::size_t line_ = 1, token_line_ = 1;
  std::vector<Level> path_;
};

std::string number_text(double v) {
  char s[32];
  std::snprintf(s, sizeof(s), "%g", v);
  return s;
}

}  // namespace

analysis::Layout read_layout_json(std::istream& in, const std::string& source) {
  // Read in chunks up to one past the limit: a larger file is refused without being held, and a
  // real layout (kilobytes) never allocates the limit.
  std::string text;
  if (std::streambuf* sb = in.rdbuf()) {
    char chunk[16 * 1024];
    while (text.size() <= kMaxLayoutBytes) {
      const auto n = sb->sgetn(chunk, static_cast<std::streamsize>(std::min(
                                          sizeof(chunk), kMaxLayoutBytes + 1 - text.size())));
      if (n <= 0) break;
      text.append(chunk, static_cast<std::size_t>(n));
    }
  }
  if (text.size() > kMaxLayoutBytes) {
    throw InputError(source + " line " +
                     std::to_string(1 + std::count(text.begin(), text.end(), '\n')) +
                     ": larger than " + std::to_string(kMaxLayoutBytes / 1024) +
                     " KiB: not a layout (a 1000-sensel layout is about 60 kB)");
  }
  const char* read_to = text.data();
  JsonChecker checker(text.data(), &read_to);
  if (!nlohmann::json::sax_parse(TrackingIterator(text.data(), &read_to),
                                 TrackingIterator(text.data() + text.size(), &read_to), &checker)) {
    const auto until =
        text.begin() + static_cast<std::ptrdiff_t>(std::min(checker.offset, text.size()));
    const auto line = 1 + std::count(text.begin(), until, '\n');
    throw InputError(source + " line " + std::to_string(line) +
                     ": not valid JSON: " + checker.message);
  }
  const FieldLines& lines = checker.lines;
  auto fail = [&](std::size_t line, const std::string& what) -> InputError {
    return InputError(source + " line " + std::to_string(std::max<std::size_t>(line, 1)) + ": " +
                      what);
  };
  const nlohmann::json j = nlohmann::json::parse(text);  // valid: checked above
  auto number = [&](const nlohmann::json& obj, const char* key, const std::string& where,
                    std::size_t obj_line, std::size_t value_line) {
    if (!obj.is_object() || !obj.contains(key) || !obj[key].is_number()) {
      throw fail(value_line ? value_line : obj_line,
                 where + " needs a number \"" + std::string(key) + "\"");
    }
    return obj[key].get<double>();
  };
  analysis::Layout layout;
  if (!j.is_object()) throw fail(lines.root, "the layout must be a JSON object");
  if (j.contains("name")) {
    if (!j["name"].is_string()) throw fail(lines.name, "the layout's \"name\" must be a string");
    layout.name = j["name"].get<std::string>();
  }
  layout.foot_length_mm = number(j, "foot_length_mm", "the layout", lines.root, lines.foot_length);
  if (!(layout.foot_length_mm > 0)) {
    throw fail(lines.foot_length, "\"foot_length_mm\" is " + number_text(layout.foot_length_mm) +
                                      ": a foot length must be > 0");
  }
  if (j.contains("foot_width_mm")) {
    layout.foot_width_mm = number(j, "foot_width_mm", "the layout", lines.root, lines.foot_width);
    if (!(layout.foot_width_mm > 0)) {
      throw fail(lines.foot_width, "\"foot_width_mm\" is " + number_text(layout.foot_width_mm) +
                                       ": a foot width must be > 0 (or left out)");
    }
  }
  if (j.contains("sensor_time_constant_ms")) {
    const double ms =
        number(j, "sensor_time_constant_ms", "the layout", lines.root, lines.time_constant);
    if (!(ms >= 0 && ms <= 50)) {
      throw fail(lines.time_constant, "\"sensor_time_constant_ms\" is " + number_text(ms) +
                                          ": a sensel's time constant is 0-50 ms (or left out)");
    }
    layout.sensor_time_constant_s = ms / 1000.0;
  }
  if (!j.contains("sensels") || !j["sensels"].is_array() || j["sensels"].empty()) {
    throw fail(lines.sensels ? lines.sensels : lines.root,
               "the layout needs a non-empty array \"sensels\"");
  }
  std::size_t i = 0;
  for (const auto& s : j["sensels"]) {
    const std::array<std::size_t, 4> at =
        i < lines.sensel.size() ? lines.sensel[i] : std::array<std::size_t, 4>{};
    const std::string where = "sensel " + std::to_string(i);
    analysis::SenselPosition p;
    p.x_mm = number(s, "x_mm", where, at[0], at[1]);
    p.y_mm = number(s, "y_mm", where, at[0], at[2]);
    if (p.y_mm < 0 || p.y_mm > layout.foot_length_mm) {
      throw fail(at[2], where + " at y = " + number_text(p.y_mm) +
                            " mm lies outside the foot (0.." + number_text(layout.foot_length_mm) +
                            " mm)");
    }
    p.area_mm2 =
        s.is_object() && s.contains("area_mm2") ? number(s, "area_mm2", where, at[0], at[3]) : 0.0;
    if (p.area_mm2 < 0) {
      throw fail(at[3], where + " has \"area_mm2\" " + number_text(p.area_mm2) +
                            ": an area cannot be negative");
    }
    layout.sensels.push_back(p);
    ++i;
  }
  try {
    analysis::derive_zones(layout);
  } catch (const analysis::LayoutError& e) {
    throw fail(lines.sensels, e.what());
  }
  return layout;
}

}  // namespace insole::readers
