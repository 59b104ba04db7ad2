#include "insole/reports/analysis_json.h"

#include <cmath>

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
          {"pronation", std::string(an::name(s.pronation))},
          {"peak_force_n", s.peak_force_n},
          {"loading_rate_n_per_s", s.loading_rate_n_per_s},
          {"impulse_ns", s.impulse_ns}};
}

json summary_json(const an::GaitSummary& g) {
  json out = {{"type", "summary"},
              {"steps", {{"L", g.feet[0].steps}, {"R", g.feet[1].steps}}},
              {"cadence_spm", g.cadence_spm},
              {"mean_flight_time_s", g.mean_flight_time_s},
              {"strike",
               {{"L", std::string(an::name(g.feet[0].strike))},
                {"R", std::string(an::name(g.feet[1].strike))}}},
              {"flat_foot_fraction",
               {{"L", g.feet[0].flat_foot_fraction}, {"R", g.feet[1].flat_foot_fraction}}},
              {"pronation",
               {{"L", std::string(an::name(g.feet[0].pronation))},
                {"R", std::string(an::name(g.feet[1].pronation))}}},
              {"pronation_index",
               {{"L", number(g.feet[0].pronation_index_median)},
                {"R", number(g.feet[1].pronation_index_median)}}}};
  json asym = json::object();
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    asym[std::string(an::name(an::kAsymmetryMetrics[m]))] = {
        {"si_pct", number(a.si_pct)},
        {"ci95", {number(a.ci_low_pct), number(a.ci_high_pct)}},
        {"flagged", a.flagged}};
  }
  out["asymmetry"] = asym;
  json alerts = json::array();
  for (const auto& a : g.alerts) {
    const AlertWords words = describe(a);
    alerts.push_back({{"code", std::string(an::name(a.code))},
                      {"side", side_code(a)},
                      {"metric", metric_codes(a)},
                      {"finding", words.finding},
                      {"advice", words.advice}});
  }
  out["alerts"] = alerts;
  return out;
}

}  // namespace insole::reports
