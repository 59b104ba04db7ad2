#include "trends_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string>

#include "insole/analysis/metric.h"
#include "insole/reports/number_text.h"
#include "insole/reports/run_digest.h"
#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "insole/reports/trend_words.h"
#include "insole/reports/weekly_trends.h"

namespace insole::ctl {
namespace {

std::string pair(const std::array<double, 2>& v, int decimals, double scale = 1) {
  return reports::fixed(v[0] * scale, decimals) + " / " + reports::fixed(v[1] * scale, decimals);
}

std::string hours(double s) {
  char b[32];
  const long minutes = std::lround(s / 60);
  std::snprintf(b, sizeof b, "%ld:%02ld", minutes / 60, minutes % 60);
  return b;
}

}  // namespace

int run_trends(store::Connection& db, bool json, const std::string& surface) {
  if (json) {
    std::cout << reports::weekly_trends_report(db, surface).dump(2) << "\n";
    return 0;
  }
  const auto trends =
      reports::weekly_trends(reports::digested_runs(db), reports::runner_calibration(db), surface);
  const auto readings = reports::trend_readings(trends);
  if (trends.weeks.empty()) {
    std::printf(surface.empty() ? "(no dated runs yet: trends need runs with a date)\n"
                                : "(no dated runs on this surface)\n");
    return 0;
  }
  const auto& contact_line = trends.pace_lines[static_cast<int>(reports::PaceMetric::kContactTime)];
  std::printf("Week by week (ISO weeks, UTC); ~ marks distances estimated from your steps;\n");
  if (contact_line.fitted)
    std::printf(
        "in brackets: at your usual pace, %s (a line through your %zu runs of\n"
        "measured pace, %s to %s).\n\n",
        reports::pace_text(contact_line.reference_mps).c_str(), contact_line.runs,
        reports::pace_text(contact_line.max_mps).c_str(),
        reports::pace_text(contact_line.min_mps).c_str());
  else
    std::printf("pace only where it was measured (a watch track or a distance you set).\n\n");
  std::printf("%-8s  %4s  %7s  %5s  %5s  %9s  %11s  %11s  %13s  %20s  %15s  %8s  %6s\n", "WEEK",
              "RUNS", "KM", "TIME", "PACE", "CADENCE", "CONTACT ms", "FLAT % L/R", "PRONATION L/R",
              "IMPULSE SI % (95 %)", "LOAD kN/s L/R", "LATE RUN", "SPIKES");
  for (const auto& w : trends.weeks) {
    const std::string km = (w.km_estimated ? "~" : "") + reports::fixed(w.km, 1);
    const std::string late =
        std::to_string(w.late_run_changed) + " of " + std::to_string(w.late_run_judged);
    // Impulse, with its 95 % interval over the week's runs.
    static_assert(analysis::kAsymmetryMetrics[1] == analysis::Metric::kImpulse);
    const auto& a = w.asymmetry[1];
    const auto sign = [](double x) { return (x >= 0 ? "+" : "") + reports::fixed(x, 1); };
    const std::string si = std::isfinite(a.si_pct) ? sign(a.si_pct) + " (" + sign(a.ci_low_pct) +
                                                         ".." + sign(a.ci_high_pct) + ")"
                                                   : "-";
    // "262 (255)": as run, and at the usual pace when the week has it.
    const auto with_pace = [&w](double as_run, reports::PaceMetric m) {
      const double at = w.at_pace[static_cast<int>(m)];
      return reports::fixed(as_run, 0) +
             (std::isfinite(at) ? " (" + reports::fixed(at, 0) + ")" : std::string());
    };
    const std::string pace =
        std::isfinite(w.pace_s_per_km) ? reports::pace_text(1000 / w.pace_s_per_km) : "-";
    std::printf("%-8s  %4d  %7s  %5s  %5s  %9s  %11s  %11s  %13s  %20s  %15s  %8s  %6d\n",
                w.week.c_str(), w.runs, km.c_str(), hours(w.running_s).c_str(),
                pace.substr(0, pace.find(' ')).c_str(),
                with_pace(w.cadence_spm, reports::PaceMetric::kCadence).c_str(),
                with_pace(w.contact_time_ms, reports::PaceMetric::kContactTime).c_str(),
                pair(w.flat_pct, 0).c_str(), pair(w.pronation_index, 1).c_str(), si.c_str(),
                pair(w.loading_rate_n_per_s, 1, 1e-3).c_str(), late.c_str(), w.load_spikes);
  }
  if (trends.undated_runs > 0)
    std::printf("(%d run(s) of unknown date left out)\n", trends.undated_runs);
  if (!surface.empty())
    std::printf("(only runs on %s; %d run(s) on another surface or none said left out)\n",
                surface.c_str(), trends.other_surface_runs);
  std::printf(
      "\nWeekly distance and time are information only: in 5,205 runners they did not\n"
      "predict injury; one run much longer than the month's longest did (SPIKES).\n");
  for (const auto& r : readings) std::printf("\n%s\n  %s\n", r.text.c_str(), r.advice.c_str());
  // Each shoe in use, as it stands now.
  for (const auto& shoe : store::ShoeStore(db).list()) {
    if (!shoe.retired_at.empty()) continue;
    const auto worn = reports::run_shoe(db, shoe.id);
    if (!worn) continue;
    const auto j = reports::run_shoe_json(*worn);
    std::string verdict = j.value("verdict", std::string("unknown"));
    std::replace(verdict.begin(), verdict.end(), '_', ' ');
    std::printf("\nShoe %lld (%s): %s, %s\n  %s\n", static_cast<long long>(shoe.id),
                j.value("name", std::string()).c_str(),
                reports::km_text(worn->wear.distance_km).c_str(), verdict.c_str(),
                worn->wear.message.c_str());
  }
  return 0;
}

}  // namespace insole::ctl
