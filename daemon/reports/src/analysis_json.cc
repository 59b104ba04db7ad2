#include "insole/reports/analysis_json.h"

#include <cmath>
#include <limits>

#include "insole/reports/alert_words.h"

namespace insole::reports {

using nlohmann::json;
namespace an = insole::analysis;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json step_json(const an::Step& s) {
  return {{"type", "step"},
          {"side", std::string(an::name(s.side))},
          {"contact_s", s.contact_s},
          {"toe_off_s", s.toe_off_s},
          {"contact_time_s", s.contact_time_s()},
          {"flight_time_s", s.flight_time_s},
          {"strike_index", number(s.strike_index)},
          {"strike", std::string(an::name(s.strike))},
          {"flat_foot", s.flat_foot},
          {"heel_to_forefoot_s", number(s.heel_to_forefoot_s)},
          {"pronation_index", number(s.pronation_index)},
          {"cpei_pct", number(s.cpei_pct)},
          {"medial_fraction", number(s.medial_fraction)},
          {"toe_share", number(s.toe_share)},
          {"pronation", std::string(an::name(s.pronation))},
          {"peak_force_n", s.peak_force_n},
          {"loading_rate_n_per_s", s.loading_rate_n_per_s},
          {"impulse_ns", s.impulse_ns},
          {"missing_s", s.missing_s},
          {"silent_sensel", s.silent_sensel < 0 ? json(nullptr) : json(s.silent_sensel)}};
}

json summary_json(const an::GaitSummary& g, const PronationBaseline& baseline) {
  // A foot with no steps has no values: null, never a default that reads like a measurement.
  auto per_foot = [&g](auto value) {
    json out = json::object();
    for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
      const auto& f = g.feet[side == an::Side::kLeft ? 0 : 1];
      out[std::string(an::name(side))] = has_foot(g, side) ? json(value(f)) : json(nullptr);
    }
    return out;
  };
  const bool both = has_both_feet(g);
  json feet = json::array();
  for (const auto side : {an::Side::kLeft, an::Side::kRight})
    if (has_foot(g, side)) feet.push_back(std::string(an::name(side)));
  json out = {
      {"type", "summary"},
      {"steps", {{"L", g.feet[0].steps}, {"R", g.feet[1].steps}}},
      {"feet_recorded", feet},
      {"note", coverage_note(g).empty() ? json(nullptr) : json(coverage_note(g))},
      {"sensor_note", sensor_note(g).empty() ? json(nullptr) : json(sensor_note(g))},
      {"cadence_spm", g.cadence_spm > 0 ? number(g.cadence_spm) : json(nullptr)},  // 0: unknown
      // Flight is from one foot's toe-off to the other's contact: both feet are needed.
      {"mean_flight_time_s", both ? number(g.mean_flight_time_s) : json(nullptr)},
      {"strike",
       per_foot([](const an::FootSummary& f) { return std::string(an::name(f.strike)); })},
      {"flat_foot_fraction",
       per_foot([](const an::FootSummary& f) { return f.flat_foot_fraction; })},
      {"pronation",
       per_foot([](const an::FootSummary& f) { return std::string(an::name(f.pronation)); })},
      {"pronation_index",
       per_foot([](const an::FootSummary& f) { return number(f.pronation_index_median); })}};
  json asym = json::object();
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    const bool known = both && std::isfinite(a.si_pct);
    asym[std::string(an::name(an::kAsymmetryMetrics[m]))] = {
        {"si_pct", known ? number(a.si_pct) : json(nullptr)},
        {"ci95", known ? json{number(a.ci_low_pct), number(a.ci_high_pct)} : json(nullptr)},
        {"flagged", known && a.flagged},
        {"withheld", a.withheld}};
  }
  out["asymmetry"] = asym;
  json silent = json::object();
  for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
    const auto& s = g.silent_sensel[side == an::Side::kLeft ? 0 : 1];
    silent[std::string(an::name(side))] =
        s.sensel < 0 ? json(nullptr) : json{{"sensel", s.sensel}, {"share", s.share}};
  }
  out["silent_sensel"] = silent;
  json alerts = json::array();
  json information = json::array();
  for (const auto& a : g.alerts) {
    const AlertWords words = describe(a, baseline);
    (work_on(a, baseline) ? alerts : information)
        .push_back({{"code", std::string(an::name(a.code))},
                    {"side", side_code(a)},
                    {"metric", metric_codes(a)},
                    {"finding", words.finding},
                    {"advice", words.advice}});
  }
  out["alerts"] = alerts;
  out["information"] = information;
  return out;
}

json late_run_json(const analysis::LateRunForm& form) {
  if (!form.judged) return nullptr;
  const auto pct = [](const analysis::FormShift& f) {
    const double k = f.first != 0 ? 100.0 / f.first : std::numeric_limits<double>::quiet_NaN();
    return json{{"change", number(f.change * k)},
                {"ci95", {number(f.ci_low * k), number(f.ci_high * k)}},
                {"real", f.real}};
  };
  const auto& s = form.strike_index;
  const auto& a = form.impulse_si_pct;
  return {{"contact_time_pct", pct(form.contact_time_s)},
          {"cadence_pct", pct(form.cadence_spm)},
          {"loading_rate_pct", pct(form.loading_rate_n_per_s)},
          {"strike_shift",
           {{"change", number(s.change)},
            {"ci95", {number(s.ci_low), number(s.ci_high)}},
            {"real", s.real}}},
          {"toe_share_shift",
           {{"change", number(form.toe_share.change)},
            {"ci95", {number(form.toe_share.ci_low), number(form.toe_share.ci_high)}},
            {"real", form.toe_share.real}}},
          {"impulse_si_growth",
           {{"first", number(a.first)},
            {"last", number(a.last)},
            {"change", number(a.change)},
            {"ci95", {number(a.ci_low), number(a.ci_high)}},
            {"real", a.real}}},
          // With a watch's speed: compared at the first third's pace (null: pace not known).
          {"pace", form.pace_known ? json{{"first_speed_mps", form.first_speed_mps},
                                          {"last_speed_mps", form.last_speed_mps},
                                          {"match_pct", analysis::kPaceMatchPct}}
                                   : json(nullptr)}};
}

}  // namespace insole::reports
