#include "insole/reports/trend_words.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "insole/analysis/median.h"
#include "insole/reports/alert_words.h"
#include "insole/reports/number_text.h"

namespace insole::reports {
namespace {

// The median of a value over the earlier weeks (NaN when none has it).
template <typename Get>
double earlier_median(const std::vector<WeekTrend>& weeks, Get get) {
  std::vector<double> v;
  for (std::size_t i = 0; i + 1 < weeks.size(); ++i) {
    const double x = get(weeks[i]);
    if (std::isfinite(x)) v.push_back(x);
  }
  return analysis::median(std::move(v));
}

const char* kFoot[2] = {"left", "right"};

}  // namespace

std::vector<TrendReading> trend_readings(const WeeklyTrends& trends) {
  std::vector<TrendReading> out;
  const auto& weeks = trends.weeks;
  if (weeks.empty()) return out;
  const WeekTrend& now = weeks.back();
  if (weeks.size() < 2) {
    out.push_back({"history",
                   "Only one week of runs (" + now.week + "): nothing to compare with yet.",
                   "Each factor is read against your own earlier weeks once there are some."});
  }
  for (std::size_t f = 0; f < 2 && weeks.size() >= 2; ++f) {
    const double before = earlier_median(weeks, [f](const WeekTrend& w) { return w.flat_pct[f]; });
    const double x = now.flat_pct[f];
    if (std::isfinite(x) && std::isfinite(before) && x - before >= kFlatShareRisePts)
      out.push_back({"flat_landing",
                     "Your " + std::string(kFoot[f]) + " foot landed flat on " + fixed(x, 0) +
                         " % of steps in " + now.week + ", against " + fixed(before, 0) +
                         " % over your earlier weeks.",
                     "Flat landings pass more of the impact up to the knees, hips and back: "
                     "slightly shorter, quicker steps usually bring the landing back under you."});
    const double p_before =
        earlier_median(weeks, [f](const WeekTrend& w) { return w.pronation_index[f]; });
    const double p = now.pronation_index[f];
    if (std::isfinite(p) && std::isfinite(p_before) && p_before - p >= kPronationChange)
      out.push_back({"pronation",
                     "Your " + std::string(kFoot[f]) + " ankle rolled in more in " + now.week +
                         ": pronation index " + fixed(p, 1) + " against " + fixed(p_before, 1) +
                         " over your earlier weeks.",
                     "A change against your own history matters more than the class: tired or "
                     "worn shoes and weak foot and hip muscles are the usual causes; check the "
                     "shoes' wear and add foot and hip strength work."});
  }
  if (std::isfinite(now.impulse_si_pct) && std::abs(now.impulse_si_pct) >= kTrendAsymmetryPct &&
      now.impulse_si_every_run)
    out.push_back({"asymmetry",
                   "Your " + std::string(now.impulse_si_pct > 0 ? "right" : "left") + " leg took " +
                       fixed(std::abs(now.impulse_si_pct), 1) +
                       " % more of the load than the other in " + now.week +
                       ", beyond the 95 % interval in every run.",
                   "A lasting left/right difference often comes from a weaker or tighter side: "
                   "single-leg strength work and mobility for the lighter side help."});
  const double c_before = earlier_median(weeks, [](const WeekTrend& w) { return w.cadence_spm; });
  if (std::isfinite(now.cadence_spm) && std::isfinite(c_before) &&
      100 * (c_before - now.cadence_spm) / c_before >= kCadenceDropPct)
    out.push_back({"cadence",
                   "Your cadence fell to " + fixed(now.cadence_spm, 0) + " steps/min in " +
                       now.week + ", from " + fixed(c_before, 0) + " over your earlier weeks.",
                   "A lower cadence at the same pace means longer strides that land ahead of "
                   "you (if you ran slower, this is expected)."});
  if (now.late_run_changed > 0)
    out.push_back({"late_run",
                   "In " + std::to_string(now.late_run_changed) + " of " +
                       std::to_string(now.late_run_judged) + " runs judged in " + now.week +
                       " your form changed in the last third.",
                   "Keep runs to what you can hold in good form, and build strength."});
  if (now.load_spikes > 0)
    out.push_back({"load_spike",
                   std::to_string(now.load_spikes) + " run(s) in " + now.week +
                       " were more than 10 % longer than your longest of the 30 days before.",
                   "Progress slowly: increase your longest run by no more than 10 % at a time."});
  return out;
}

}  // namespace insole::reports
