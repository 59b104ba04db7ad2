#include "analysis_output.h"

#include <cmath>
#include <cstdio>
#include <sstream>

#include "insole/reports/alert_words.h"

namespace insole::ctl {

using nlohmann::json;
namespace an = insole::analysis;

std::string human_report(const an::GaitSummary& g, const std::vector<store::AlertRecord>& extra) {
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
  for (const auto& a : g.alerts) {
    const auto words = reports::describe(a);
    o << "\n* " << words.finding << "\n  " << words.advice << "\n";
  }
  for (const auto& a : extra) o << "\n* " << a.finding << "\n  " << a.advice << "\n";
  if (g.alerts.empty() && extra.empty()) o << "\nNo findings: nothing to change.\n";
  return o.str();
}

}  // namespace insole::ctl
