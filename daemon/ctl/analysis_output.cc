#include "analysis_output.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "insole/reports/alert_words.h"
#include "insole/reports/run_report.h"

namespace insole::ctl {

using nlohmann::json;
namespace an = insole::analysis;

std::string human_report(const an::GaitSummary& g, const std::vector<store::AlertRecord>& extra,
                         const reports::PronationBaseline& baseline) {
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof(line), "steps L %zu, R %zu; %s\n", g.feet[0].steps, g.feet[1].steps,
                reports::cadence_text(g.cadence_spm).c_str());
  o << line;
  const std::string note = reports::coverage_note(g);
  if (!note.empty()) o << note << "\n";
  const std::string sensors = reports::sensor_note(g);
  if (!sensors.empty()) o << sensors << "\n";
  o << "\n        strike     flat   pronation (index)   contact ms   peak N   load kN/s\n";
  for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
    const auto& s = g.feet[side == an::Side::kLeft ? 0 : 1];
    if (!reports::has_foot(g, side)) {
      // A foot that was not there has no values: nothing that reads like a measurement.
      o << "  " << an::name(side) << "     no data\n";
      continue;
    }
    std::snprintf(line, sizeof(line),
                  "  %s     %-9s  %3.0f%%   %-7s (%5.1f)     %7.0f   %6.0f   %7.1f\n",
                  std::string(an::name(side)).c_str(), std::string(an::name(s.strike)).c_str(),
                  100 * s.flat_foot_fraction, std::string(an::name(s.pronation)).c_str(),
                  s.pronation_index_median, 1000 * s.mean_contact_time_s, s.mean_peak_force_n,
                  s.mean_loading_rate_n_per_s / 1000);
    o << line;
  }
  o << "\nasymmetry (R vs L)   SI %    95% CI\n";
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    if (a.withheld) {
      std::snprintf(line, sizeof(line), "  %-16s withheld (a silent sensor, see above)\n",
                    std::string(an::name(an::kAsymmetryMetrics[m])).c_str());
    } else if (!reports::has_both_feet(g) || !std::isfinite(a.si_pct)) {
      std::snprintf(line, sizeof(line), "  %-16s no data (needs steps of both feet)\n",
                    std::string(an::name(an::kAsymmetryMetrics[m])).c_str());
    } else {
      std::snprintf(line, sizeof(line), "  %-16s %6.1f   [%5.1f, %5.1f]%s\n",
                    std::string(an::name(an::kAsymmetryMetrics[m])).c_str(), a.si_pct, a.ci_low_pct,
                    a.ci_high_pct, a.flagged ? "  <- imbalance" : "");
    }
    o << line;
  }
  std::size_t to_work_on = extra.size();
  for (const auto& a : g.alerts) {
    if (!reports::work_on(a, baseline)) continue;
    const auto words = reports::describe(a, baseline);
    o << "\n* " << words.finding << "\n  " << words.advice << "\n";
    ++to_work_on;
  }
  for (const auto& a : extra) o << "\n* " << a.finding << "\n  " << a.advice << "\n";
  if (to_work_on == 0) o << "\n" << reports::no_findings(g) << "\n";
  bool heading = false;
  for (const auto& a : g.alerts) {
    if (reports::work_on(a, baseline)) continue;
    if (!heading) o << "\nFor your information (nothing to work on):\n";
    heading = true;
    const auto words = reports::describe(a, baseline);
    o << "\n- " << words.finding << "\n  " << words.advice << "\n";
  }
  return o.str();
}

}  // namespace insole::ctl
