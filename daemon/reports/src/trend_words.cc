#include "insole/reports/trend_words.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "insole/analysis/median.h"
#include "insole/reports/alert_words.h"
#include "insole/reports/number_text.h"
#include "insole/store/iso_time.h"

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

// "+8.5 %", "-4.0 %".
std::string signed_pct(double x) { return (x >= 0 ? "+" : "") + fixed(x, 1) + " %"; }

// Why the cadence suggestion was made, in words.
std::string coaching_reason(const analysis::CadenceSuggestion& s, const WeeklyTrends& trends) {
  std::string why;
  if (s.flat_landings) why = "flat landings";
  if (s.loading_high)
    why += std::string(why.empty() ? "" : " and ") + "a loading rate " +
           fixed(100 * s.loading_rise, 0) + " % above your usual";
  return "Cadence " + fixed(s.cadence_spm, 0) + " steps/min on your run of " +
         trends.cadence_run_days.at(s.run) + ", with " + why + ".";
}

std::string coaching_advice(const analysis::CadenceSuggestion& s) {
  return "Try " + fixed(s.target_low_spm, 0) + "-" + fixed(s.target_high_spm, 0) +
         " steps/min (5-10 % more) at the same pace: shorter, quicker steps land closer under "
         "you and less flat, and load the knees, hips and back less (a metronome or your "
         "watch's cadence alert helps).";
}

// The suggestion, and on the runs after it whether cadence rose and what loading rate did.
std::vector<TrendReading> cadence_coaching_readings(const WeeklyTrends& trends) {
  std::vector<TrendReading> out;
  const auto& c = trends.cadence;
  if (!c.suggestion) return out;
  if (!c.follow_up) {
    out.push_back({"cadence_coaching", coaching_reason(*c.suggestion, trends),
                   coaching_advice(*c.suggestion)});
    return out;
  }
  const auto& f = *c.follow_up;
  std::string text = "Since the cadence suggestion on " +
                     trends.cadence_run_days.at(c.suggestion->run) + ": " +
                     fixed(f.cadence_before_spm, 0) + " to " + fixed(f.cadence_after_spm, 0) +
                     " steps/min (" + signed_pct(f.cadence_change_pct) + ") over your latest " +
                     std::to_string(f.runs_after) + " run(s)";
  if (std::isfinite(f.loading_change_pct)) {
    text += "; loading rate " + signed_pct(f.loading_change_pct);
    if (!std::isfinite(f.loading_ci_low_pct))
      text += " (one run on a side: no interval, so not yet a finding)";
    else
      text += " (95 % interval " + signed_pct(f.loading_ci_low_pct) + " to " +
              signed_pct(f.loading_ci_high_pct) +
              (f.loading_ci_high_pct < 0  ? ": lower"
               : f.loading_ci_low_pct > 0 ? ": higher"
                                          : ": no clear change") +
              ")";
  }
  text += f.pace_matched ? ", at the same measured pace."
                         : ". Pace was not measured: a faster run also "
                           "raises cadence.";
  std::string advice;
  if (f.reached)
    advice = "The change happened: keep the quicker step on easy runs until it feels natural.";
  else if (c.latest)
    advice = "Not there yet. " + coaching_advice(*c.latest);
  else
    advice = "Not yet the 5 % that counts: raise it a little at a time, a few minutes per run.";
  out.push_back({"cadence_coaching", text, advice});
  return out;
}

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
  // Cadence and loading rate at the runner's usual pace when the weeks have it (a slower week's
  // lower cadence is then no change in form); cadence as run otherwise.
  const auto& contact_line = trends.pace_lines[static_cast<int>(PaceMetric::kContactTime)];
  const std::string usual_pace = pace_text(contact_line.reference_mps);
  constexpr int kCad = static_cast<int>(PaceMetric::kCadence);
  constexpr int kLoad = static_cast<int>(PaceMetric::kLoadingRate);
  // At equal pace only when both the latest week and some earlier week have it (a watch bought
  // last week leaves the earlier weeks as run: then compared as run).
  const bool cadence_at_pace =
      std::isfinite(now.at_pace[kCad]) &&
      std::isfinite(earlier_median(weeks, [](const WeekTrend& w) { return w.at_pace[kCad]; }));
  const auto cadence_of = [cadence_at_pace](const WeekTrend& w) {
    return cadence_at_pace ? w.at_pace[kCad] : w.cadence_spm;
  };
  const double c_now = cadence_of(now);
  const double c_before = earlier_median(weeks, cadence_of);
  if (std::isfinite(c_now) && std::isfinite(c_before) &&
      100 * (c_before - c_now) / c_before >= kCadenceDropPct)
    out.push_back({"cadence",
                   (cadence_at_pace ? "At your usual pace (" + usual_pace + "), your" : "Your") +
                       std::string(" cadence fell to ") + fixed(c_now, 0) + " steps/min in " +
                       now.week + ", from " + fixed(c_before, 0) + " over your earlier weeks.",
                   cadence_at_pace ? "A lower cadence at the same pace means longer strides that "
                                     "land ahead of you."
                                   : "A lower cadence at the same pace means longer strides that "
                                     "land ahead of you (if you ran slower, this is expected)."});
  const double l_before =
      earlier_median(weeks, [](const WeekTrend& w) { return w.at_pace[kLoad]; });
  const double l_now = now.at_pace[kLoad];
  if (std::isfinite(l_now) && std::isfinite(l_before) && l_before > 0 &&
      100 * (l_now / l_before - 1) >= kLoadingRisePct)
    out.push_back({"loading_rate",
                   "At your usual pace (" + usual_pace + "), your feet were loaded " +
                       fixed(100 * (l_now / l_before - 1), 0) + " % faster in " + now.week +
                       " than over your earlier weeks (" + fixed(l_now / 1000, 1) + " against " +
                       fixed(l_before / 1000, 1) + " kN/s).",
                   "A harder landing at the same speed passes more shock up the legs: check the "
                   "shoes' wear, and land softly with slightly quicker steps."});
  for (auto& reading : cadence_coaching_readings(trends)) out.push_back(std::move(reading));
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

std::optional<store::AlertRecord> cadence_coaching_finding(std::span<const DigestedRun> runs,
                                                           const RunnerCalibration& calibration,
                                                           std::int64_t run_id) {
  const DigestedRun* self = nullptr;
  for (const auto& r : runs)
    if (r.run_id == run_id) self = &r;
  if (!self || !self->started_at) return std::nullopt;
  const auto start = store::parse_iso_utc(*self->started_at);
  if (!start) return std::nullopt;
  std::vector<DigestedRun> up_to;
  for (const auto& r : runs) {
    const auto s = r.started_at ? store::parse_iso_utc(*r.started_at) : std::nullopt;
    if (s && (*s < *start || (*s == *start && r.run_id <= run_id))) up_to.push_back(r);
  }
  auto readings = cadence_coaching_readings(weekly_trends(up_to, calibration));
  if (readings.empty()) return std::nullopt;
  store::AlertRecord a;
  a.code = "cadence_coaching";
  a.metric = "cadence_spm";
  a.finding = std::move(readings.front().text);
  a.advice = std::move(readings.front().advice);
  return a;
}

}  // namespace insole::reports
