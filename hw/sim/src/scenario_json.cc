#include "insole/hw/sim/scenario_json.h"

#include <nlohmann/json.hpp>
#include <set>

namespace insole::hw::sim {
namespace {

using nlohmann::json;

[[noreturn]] void fail(const std::string& key, const std::string& what) {
  throw ScenarioError("scenario: \"" + key + "\" " + what);
}

// Reads the keys of one JSON object, refusing any key not consumed.
class Reader {
 public:
  Reader(const json& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {
    if (!object_.is_object()) {
      if (prefix_.empty()) throw ScenarioError("scenario: the file must hold a JSON object");
      fail(prefix_.substr(0, prefix_.size() - 1), "must be an object");
    }
  }

  void number(const char* key, double& out) {
    if (const json* v = find(key)) {
      if (!v->is_number()) fail(prefix_ + key, "must be a number");
      out = v->get<double>();
    }
  }
  void optional_number(const char* key, std::optional<double>& out) {
    if (const json* v = find(key)) {
      if (v->is_null()) {
        out.reset();
        return;
      }
      if (!v->is_number()) fail(prefix_ + key, "must be a number or null");
      out = v->get<double>();
    }
  }
  void integer(const char* key, int& out) {
    if (const json* v = find(key)) {
      if (!v->is_number_integer()) fail(prefix_ + key, "must be an integer");
      out = v->get<int>();
    }
  }
  void seed(const char* key, std::uint64_t& out) {
    if (const json* v = find(key)) {
      if (!v->is_number_unsigned()) fail(prefix_ + key, "must be a non-negative integer");
      out = v->get<std::uint64_t>();
    }
  }
  void string(const char* key, std::string& out) {
    if (const json* v = find(key)) {
      if (!v->is_string()) fail(prefix_ + key, "must be a string");
      out = v->get<std::string>();
    }
  }
  template <typename E>
  void choice(const char* key, E& out, std::optional<E> (*parse)(std::string_view),
              const char* allowed) {
    if (const json* v = find(key)) {
      if (!v->is_string()) fail(prefix_ + key, std::string("must be one of ") + allowed);
      const std::optional<E> e = parse(v->get<std::string>());
      if (!e) fail(prefix_ + key, std::string("must be one of ") + allowed);
      out = *e;
    }
  }
  const json* object(const char* key) { return find(key); }

  void finish() const {
    for (auto it = object_.begin(); it != object_.end(); ++it) {
      if (!seen_.count(it.key())) fail(prefix_ + it.key(), "is not a scenario key");
    }
  }

 private:
  const json* find(const char* key) {
    seen_.insert(key);
    auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  const json& object_;
  std::string prefix_;
  std::set<std::string> seen_;
};

// validate() names fields without quotes; re-raise as a ScenarioError.
void validate_named(const Scenario& s) {
  try {
    validate(s);
  } catch (const std::invalid_argument& e) {
    throw ScenarioError(e.what());
  }
}

}  // namespace

Scenario scenario_from_json(std::string_view text) {
  json doc;
  try {
    doc = json::parse(text.begin(), text.end());
  } catch (const json::parse_error& e) {
    throw ScenarioError(std::string("scenario: not valid JSON: ") + e.what());
  }
  Scenario s;
  Reader r(doc, "");
  r.string("name", s.name);
  r.choice("gait", s.gait, &parse_gait, "\"run\", \"walk\"");
  r.number("speed_mps", s.speed_mps);
  r.number("cadence_spm", s.cadence_spm);
  r.number("body_mass_kg", s.body_mass_kg);
  r.integer("eu_size", s.eu_size);
  r.optional_number("contact_time_s", s.contact_time_s);
  r.choice("strike", s.strike, &parse_strike_class, "\"rearfoot\", \"midfoot\", \"forefoot\"");
  r.optional_number("strike_index", s.strike_index);
  r.choice("pronation", s.pronation, &parse_pronation_class, "\"under\", \"neutral\", \"over\"");
  if (const json* a = r.object("asymmetry")) {
    Reader ar(*a, "asymmetry.");
    ar.number("peak_force_pct", s.asymmetry.peak_force_pct);
    ar.number("contact_time_pct", s.asymmetry.contact_time_pct);
    ar.number("loading_rate_pct", s.asymmetry.loading_rate_pct);
    ar.number("impulse_pct", s.asymmetry.impulse_pct);
    ar.finish();
  }
  r.number("shoe_wear", s.shoe_wear);
  if (const json* v = r.object("variability")) {
    Reader vr(*v, "variability.");
    vr.number("stride_time_cv", s.variability.stride_time_cv);
    vr.number("contact_time_cv", s.variability.contact_time_cv);
    vr.number("peak_force_cv", s.variability.peak_force_cv);
    vr.number("loading_rate_cv", s.variability.loading_rate_cv);
    vr.number("strike_index_sd", s.variability.strike_index_sd);
    vr.number("cpei_sd_pct", s.variability.cpei_sd_pct);
    vr.finish();
  }
  if (const json* f = r.object("fatigue")) {
    Reader fr(*f, "fatigue.");
    fr.number("rate_per_hour", s.fatigue.rate_per_hour);
    fr.finish();
  }
  r.number("sample_rate_hz", s.sample_rate_hz);
  r.seed("seed", s.seed);
  r.finish();
  validate_named(s);
  return s;
}

std::string scenario_to_json(const Scenario& s) {
  nlohmann::ordered_json j;
  j["name"] = s.name;
  j["gait"] = std::string(name(s.gait));
  j["speed_mps"] = s.speed_mps;
  j["cadence_spm"] = s.cadence_spm;
  j["body_mass_kg"] = s.body_mass_kg;
  j["eu_size"] = s.eu_size;
  j["contact_time_s"] = s.contact_time_s ? nlohmann::ordered_json(*s.contact_time_s)
                                         : nlohmann::ordered_json(nullptr);
  j["strike"] = std::string(name(s.strike));
  j["strike_index"] =
      s.strike_index ? nlohmann::ordered_json(*s.strike_index) : nlohmann::ordered_json(nullptr);
  j["pronation"] = std::string(name(s.pronation));
  j["asymmetry"] = {{"peak_force_pct", s.asymmetry.peak_force_pct},
                    {"contact_time_pct", s.asymmetry.contact_time_pct},
                    {"loading_rate_pct", s.asymmetry.loading_rate_pct},
                    {"impulse_pct", s.asymmetry.impulse_pct}};
  j["shoe_wear"] = s.shoe_wear;
  j["variability"] = {{"stride_time_cv", s.variability.stride_time_cv},
                      {"contact_time_cv", s.variability.contact_time_cv},
                      {"peak_force_cv", s.variability.peak_force_cv},
                      {"loading_rate_cv", s.variability.loading_rate_cv},
                      {"strike_index_sd", s.variability.strike_index_sd},
                      {"cpei_sd_pct", s.variability.cpei_sd_pct}};
  j["fatigue"] = {{"rate_per_hour", s.fatigue.rate_per_hour}};
  j["sample_rate_hz"] = s.sample_rate_hz;
  j["seed"] = s.seed;
  return j.dump(2) + "\n";
}

}  // namespace insole::hw::sim
