#include "analysis_output.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace insole::ctl {

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
    alerts.push_back({{"code", a.code},
                      {"side", a.side},
                      {"metric", a.metric},
                      {"finding", a.finding},
                      {"advice", a.advice}});
  }
  out["alerts"] = alerts;
  return out;
}

std::string human_report(const an::GaitSummary& g) {
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof(line), "steps L %zu, R %zu; cadence %.0f steps/min\n\n",
                g.feet[0].steps, g.feet[1].steps, g.cadence_spm);
  o << line;
  o << "        strike     flat   pronation (index)   contact ms   peak N   load kN/s\n";
  for (int f = 0; f < 2; ++f) {
    const auto& s = g.feet[static_cast<std::size_t>(f)];
    std::snprintf(
        line, sizeof(line), "  %s     %-9s  %3.0f%%   %-7s (%5.1f)     %7.0f   %6.0f   %7.1f\n",
        f == 0 ? "L" : "R", std::string(an::name(s.strike)).c_str(), 100 * s.flat_foot_fraction,
        std::string(an::name(s.pronation)).c_str(), s.pronation_index_median,
        1000 * s.mean_contact_time_s, s.mean_peak_force_n, s.mean_loading_rate_n_per_s / 1000);
    o << line;
  }
  o << "\nasymmetry (R vs L)   SI %    95% CI\n";
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    std::snprintf(line, sizeof(line), "  %-16s %6.1f   [%5.1f, %5.1f]%s\n",
                  std::string(an::name(an::kAsymmetryMetrics[m])).c_str(), a.si_pct, a.ci_low_pct,
                  a.ci_high_pct, a.flagged ? "  <- imbalance" : "");
    o << line;
  }
  for (const auto& a : g.alerts) o << "\n* " << a.finding << "\n  " << a.advice << "\n";
  if (g.alerts.empty()) o << "\nNo findings: nothing to change.\n";
  return o.str();
}

}  // namespace insole::ctl
