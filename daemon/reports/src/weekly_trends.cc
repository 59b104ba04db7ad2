#include "insole/reports/weekly_trends.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <map>
#include <optional>

#include "insole/analysis/asymmetry.h"
#include "insole/analysis/median.h"
#include "insole/analysis/metric.h"
#include "insole/analysis/training_load.h"
#include "insole/reports/analysis_json.h"
#include "insole/store/iso_time.h"

namespace insole::reports {
namespace {

using nlohmann::json;
constexpr double kDayS = 86400;

// The ISO week of a time: its Monday (Unix s) and "YYYY-Www" (the year of its Thursday).
std::pair<double, std::string> iso_week(double unix_s) {
  const auto days = static_cast<std::int64_t>(std::floor(unix_s / kDayS));
  const std::int64_t weekday = ((days + 3) % 7 + 7) % 7;  // 1970-01-01 was a Thursday: Mon = 0
  const std::int64_t monday = days - weekday;
  const std::time_t thursday = static_cast<std::time_t>((monday + 3) * 86400);
  std::tm tm{};
  gmtime_r(&thursday, &tm);
  char text[32];
  std::snprintf(text, sizeof text, "%04d-W%02d", tm.tm_year + 1900, tm.tm_yday / 7 + 1);
  return {static_cast<double>(monday) * kDayS, text};
}

double value(const json& j) { return j.is_number() ? j.get<double>() : wear::kNaN; }
double foot(const json& trend, const char* key, std::size_t f) {
  if (!trend.contains(key)) return wear::kNaN;
  return value(trend[key].value(f == 0 ? "L" : "R", json(nullptr)));
}

double mean(const std::vector<double>& v) {
  double s = 0;
  std::size_t n = 0;
  for (double x : v)
    if (std::isfinite(x)) {
      s += x;
      ++n;
    }
  return n ? s / static_cast<double>(n) : wear::kNaN;
}

// Both feet's mean of a per-foot value (one foot's when only one was recorded).
double feet_mean(const json& trend, const char* key) {
  return mean(std::vector<double>{foot(trend, key, 0), foot(trend, key, 1)});
}

// What cadence coaching needs of a run: its cadence, speed, flat landings (the flatter foot) and
// loading rate in body weights per second (both feet's mean over the impulse balance).
analysis::CoachingRun coaching_run(double start_s, const DigestedRun& run,
                                   const RunDistance& distance) {
  const json& t = run.digest.trend;
  analysis::CoachingRun c;
  c.start_s = start_s;
  c.cadence_spm = t.contains("cadence_spm") ? value(t["cadence_spm"]) : wear::kNaN;
  if (distance.source != "none" && distance.pace_s_per_km > 0) {
    c.speed_mps = 1000 / distance.pace_s_per_km;
    c.speed_measured = distance.source == "measured";
  }
  for (std::size_t f = 0; f < 2; ++f) {
    const double x = foot(t, "flat_foot_pct", f) / 100;
    if (std::isfinite(x) && !(c.flat_share >= x)) c.flat_share = x;
  }
  const double body_weight = run.digest.steps.impulse_body_weight_n;
  const double lr = feet_mean(t, "loading_rate_n_per_s");
  if (body_weight > 0 && std::isfinite(lr)) c.loading_rate_bw_per_s = lr / body_weight;
  return c;
}

WeekAsymmetry week_asymmetry(const std::vector<double>& si,
                             const std::vector<std::array<double, 2>>& ci) {
  WeekAsymmetry a;
  a.runs = static_cast<int>(si.size());
  if (si.empty()) return a;
  a.si_pct = mean(si);
  if (si.size() == 1) {
    a.ci_low_pct = ci[0][0];
    a.ci_high_pct = ci[0][1];
  } else {
    double ss = 0;
    for (double x : si) ss += (x - a.si_pct) * (x - a.si_pct);
    const double n = static_cast<double>(si.size());
    const double half = analysis::t_quantile_975(n - 1) * std::sqrt(ss / (n - 1) / n);
    a.ci_low_pct = a.si_pct - half;
    a.ci_high_pct = a.si_pct + half;
  }
  a.every_run = true;
  for (const auto& c : ci) a.every_run &= a.si_pct > 0 ? c[0] > 0 : c[1] < 0;
  return a;
}

// A run's measured speed (m/s); NaN when its distance was not measured.
double measured_speed(const RunDistance& d) {
  return d.source == "measured" && d.pace_s_per_km > 0 ? 1000 / d.pace_s_per_km : wear::kNaN;
}

struct Collected {
  WeekTrend week;
  double measured_m = 0, measured_s = 0;  // runs with a measured distance
  std::vector<double> contact;
  std::vector<std::size_t> runs;  // indices into the kept runs (pace adjustment)
  double cadence_weighted = 0, cadence_weight = 0;
  std::array<std::vector<double>, 2> flat, pronation, loading;
  std::array<std::vector<double>, 4> si;  // per kAsymmetryMetrics, runs not withheld
  std::array<std::vector<std::array<double, 2>>, 4> si_ci;
};

}  // namespace

WeeklyTrends weekly_trends(std::span<const DigestedRun> runs, const RunnerCalibration& calibration,
                           std::string_view surface) {
  WeeklyTrends out;
  out.surface = surface;
  struct Dated {
    const DigestedRun* run;
    double start_s;
    RunDistance distance;
  };
  std::vector<Dated> dated;
  for (const DigestedRun& r : runs) {
    if (r.status == "recording") continue;
    const auto start = r.started_at ? store::parse_iso_utc(*r.started_at) : std::nullopt;
    if (!start) {
      ++out.undated_runs;
      continue;
    }
    dated.push_back({&r, *start, run_distance(&r.digest, calibration, r.run_id)});
  }
  std::sort(dated.begin(), dated.end(),
            [](const Dated& a, const Dated& b) { return a.start_s < b.start_s; });
  std::map<double, Collected> weeks;
  std::vector<analysis::CoachingRun> coaching;
  std::array<std::vector<analysis::PacedRun>, 3> paced;  // per PaceMetric, per kept run
  std::size_t window_start = 0;  // the first run of the 30 days before run i
  for (std::size_t i = 0; i < dated.size(); ++i) {
    const Dated& d = dated[i];
    // Every dated run stays in `dated`, so the spike window below still weighs it.
    if (!surface.empty() && d.run->surface != surface) {
      ++out.other_surface_runs;
      continue;
    }
    const auto [monday, name] = iso_week(d.start_s);
    Collected& c = weeks[monday];
    c.week.week = name;
    c.week.monday_s = monday;
    ++c.week.runs;
    ++c.week.surfaces[d.run->surface];
    const bool has_km = d.distance.source != "none" && d.distance.distance_m > 0;
    if (has_km) {
      c.week.km += d.distance.distance_m / 1000;
      c.week.km_estimated |= d.distance.source != "measured";
      // Spikes: this run against the runs of the 30 days before it (dated, with a distance).
      while (dated[window_start].start_s < d.start_s - analysis::kSpikeWindowS) ++window_start;
      std::vector<analysis::DatedDistance> earlier;
      for (std::size_t j = window_start; j < i; ++j) {
        const Dated& e = dated[j];
        if (e.distance.source != "none" && e.distance.distance_m > 0)
          earlier.push_back({e.start_s, e.distance.distance_m / 1000});
      }
      c.week.load_spikes +=
          analysis::load_spike({d.start_s, d.distance.distance_m / 1000}, earlier).has_value();
    }
    const json& t = d.run->digest.trend;
    const double speed = measured_speed(d.distance);
    if (std::isfinite(speed)) {
      ++c.week.paced_runs;
      c.measured_m += d.distance.distance_m;
      c.measured_s += d.distance.moving_time_s;
    }
    const double contact = feet_mean(t, "contact_time_ms");
    c.contact.push_back(contact);
    c.runs.push_back(paced[0].size());
    const int week = static_cast<int>(monday / (7 * kDayS));  // the slope comes from within weeks
    paced[static_cast<int>(PaceMetric::kContactTime)].push_back({speed, contact, week});
    paced[static_cast<int>(PaceMetric::kLoadingRate)].push_back(
        {speed, feet_mean(t, "loading_rate_n_per_s"), week});
    paced[static_cast<int>(PaceMetric::kCadence)].push_back(
        {speed, t.contains("cadence_spm") ? value(t["cadence_spm"]) : wear::kNaN, week});
    coaching.push_back(coaching_run(d.start_s, *d.run, d.distance));
    out.cadence_run_days.push_back(
        store::iso_utc(static_cast<std::int64_t>(d.start_s) * 1000).substr(0, 10));
    const double duration = t.value("duration_s", 0.0);
    c.week.running_s += duration;
    const double cadence = t.contains("cadence_spm") ? value(t["cadence_spm"]) : wear::kNaN;
    if (std::isfinite(cadence) && duration > 0) {
      c.cadence_weighted += cadence * duration;
      c.cadence_weight += duration;
    }
    for (std::size_t f = 0; f < 2; ++f) {
      c.flat[f].push_back(foot(t, "flat_foot_pct", f));
      c.pronation[f].push_back(foot(t, "pronation_index", f));
      c.loading[f].push_back(foot(t, "loading_rate_n_per_s", f));
    }
    for (std::size_t m = 0; m < analysis::kAsymmetryMetrics.size(); ++m) {
      const std::string key(analysis::name(analysis::kAsymmetryMetrics[m]));
      if (!t.contains("asymmetry") || !t["asymmetry"].contains(key)) continue;
      const json& a = t["asymmetry"][key];
      const double x = value(a.value("si_pct", json()));
      if (a.value("withheld", false) || !std::isfinite(x)) continue;
      const json ci = a.value("ci95", json::array());
      c.si[m].push_back(x);
      c.si_ci[m].push_back(
          {ci.size() == 2 ? value(ci[0]) : wear::kNaN, ci.size() == 2 ? value(ci[1]) : wear::kNaN});
    }
    if (t.contains("late_run") && t["late_run"].is_object()) {
      ++c.week.late_run_judged;
      bool changed = false;
      for (const auto& [key, m] : t["late_run"].items())
        if (m.is_object()) changed |= m.value("real", false);  // "pace" says no change
      c.week.late_run_changed += changed;
    }
  }
  out.cadence = analysis::cadence_coaching(coaching);
  std::array<std::vector<double>, 3> at_pace;
  for (std::size_t m = 0; m < paced.size(); ++m) {
    out.pace_lines[m] = analysis::fit_pace_line(paced[m]);
    at_pace[m] = analysis::at_reference_pace(out.pace_lines[m], paced[m]);
  }
  for (auto& [monday, c] : weeks) {
    WeekTrend w = c.week;
    if (c.cadence_weight > 0) w.cadence_spm = c.cadence_weighted / c.cadence_weight;
    if (c.measured_m > 0 && c.measured_s > 0) w.pace_s_per_km = c.measured_s / c.measured_m * 1000;
    w.contact_time_ms = mean(c.contact);
    for (std::size_t m = 0; m < at_pace.size(); ++m) {
      std::vector<double> values;
      for (const std::size_t i : c.runs) values.push_back(at_pace[m][i]);
      w.at_pace[m] = mean(values);
    }
    for (const std::size_t i : c.runs)
      w.at_pace_runs += std::isfinite(at_pace[static_cast<int>(PaceMetric::kContactTime)][i]);
    for (std::size_t f = 0; f < 2; ++f) {
      w.flat_pct[f] = mean(c.flat[f]);
      std::erase_if(c.pronation[f], [](double x) { return !std::isfinite(x); });
      w.pronation_index[f] = analysis::median(c.pronation[f]);
      w.loading_rate_n_per_s[f] = mean(c.loading[f]);
    }
    for (std::size_t m = 0; m < w.asymmetry.size(); ++m)
      w.asymmetry[m] = week_asymmetry(c.si[m], c.si_ci[m]);
    static_assert(analysis::kAsymmetryMetrics[1] == analysis::Metric::kImpulse);
    w.impulse_si_pct = w.asymmetry[1].si_pct;
    w.impulse_si_every_run = w.asymmetry[1].every_run;
    out.weeks.push_back(w);
  }
  return out;
}

static json week_asymmetry_json(const std::array<WeekAsymmetry, 4>& asymmetry) {
  json out = json::object();
  for (std::size_t m = 0; m < asymmetry.size(); ++m) {
    const WeekAsymmetry& a = asymmetry[m];
    out[std::string(analysis::name(analysis::kAsymmetryMetrics[m]))] = {
        {"si_pct", number(a.si_pct)},
        {"ci95", {number(a.ci_low_pct), number(a.ci_high_pct)}},
        {"every_run", a.every_run},
        {"runs", a.runs}};
  }
  return out;
}

static json at_pace_json(const WeekTrend& w) {
  json out = {{"runs", w.at_pace_runs}};
  for (std::size_t m = 0; m < w.at_pace.size(); ++m)
    out[kPaceMetricNames[m]] = number(w.at_pace[m]);
  return out;
}

static json equal_pace_json(const WeeklyTrends& trends) {
  const analysis::PaceLine& contact = trends.pace_lines[0];
  json lines = json::object();
  for (std::size_t m = 0; m < trends.pace_lines.size(); ++m) {
    const analysis::PaceLine& l = trends.pace_lines[m];
    lines[kPaceMetricNames[m]] = {{"fitted", l.fitted},
                                  {"runs", l.runs},
                                  {"slope_per_mps", number(l.slope_per_mps)},
                                  {"ci95", {number(l.slope_ci_low), number(l.slope_ci_high)}}};
  }
  const auto pace = [](double mps) { return mps > 0 ? json(1000 / mps) : json(nullptr); };
  return {{"fitted", contact.fitted},
          {"runs", contact.runs},
          {"runs_needed", analysis::kMinPaceRuns},
          {"reference_pace_s_per_km", contact.fitted ? pace(contact.reference_mps) : json(nullptr)},
          {"pace_range_s_per_km", {pace(contact.max_mps), pace(contact.min_mps)}},
          {"lines", lines}};
}

json weekly_trends_json(const WeeklyTrends& trends) {
  json weeks = json::array();
  const auto feet = [](const std::array<double, 2>& v) {
    return json{{"L", number(v[0])}, {"R", number(v[1])}};
  };
  for (const WeekTrend& w : trends.weeks)
    weeks.push_back({{"week", w.week},
                     {"monday", store::iso_utc(static_cast<std::int64_t>(w.monday_s) * 1000)},
                     {"runs", w.runs},
                     {"km", number(w.km)},
                     {"km_estimated", w.km_estimated},
                     {"running_s", w.running_s},
                     {"cadence_spm", number(w.cadence_spm)},
                     {"pace_s_per_km", number(w.pace_s_per_km)},
                     {"paced_runs", w.paced_runs},
                     {"contact_time_ms", number(w.contact_time_ms)},
                     {"at_pace", at_pace_json(w)},
                     {"flat_foot_pct", feet(w.flat_pct)},
                     {"pronation_index", feet(w.pronation_index)},
                     {"loading_rate_n_per_s", feet(w.loading_rate_n_per_s)},
                     {"impulse_si_pct", number(w.impulse_si_pct)},
                     {"impulse_si_every_run", w.impulse_si_every_run},
                     {"asymmetry", week_asymmetry_json(w.asymmetry)},
                     {"late_run", {{"judged", w.late_run_judged}, {"changed", w.late_run_changed}}},
                     {"load_spikes", w.load_spikes},
                     {"surfaces", w.surfaces}});
  const auto& cc = trends.cadence;
  const auto suggestion = [&](const std::optional<analysis::CadenceSuggestion>& s) {
    if (!s) return json(nullptr);
    return json{{"day", trends.cadence_run_days.at(s->run)},
                {"cadence_spm", s->cadence_spm},
                {"target_spm", {s->target_low_spm, s->target_high_spm}},
                {"flat_landings", s->flat_landings},
                {"loading_high", s->loading_high},
                {"loading_rise_pct", 100 * s->loading_rise}};
  };
  json follow_up = nullptr;
  if (cc.follow_up) {
    const auto& f = *cc.follow_up;
    follow_up = {
        {"runs_before", f.runs_before},
        {"runs_after", f.runs_after},
        {"pace_matched", f.pace_matched},
        {"cadence_before_spm", f.cadence_before_spm},
        {"cadence_after_spm", f.cadence_after_spm},
        {"cadence_change_pct", f.cadence_change_pct},
        {"reached", f.reached},
        {"loading_change_pct", number(f.loading_change_pct)},
        {"loading_ci95_pct", {number(f.loading_ci_low_pct), number(f.loading_ci_high_pct)}}};
  }
  return {{"api", 1},
          {"weeks", weeks},
          {"cadence_coaching",
           {{"suggestion", suggestion(cc.suggestion)},
            {"follow_up", follow_up},
            {"latest", suggestion(cc.latest)}}},
          {"equal_pace", equal_pace_json(trends)},
          {"undated_runs", trends.undated_runs},
          {"surface", trends.surface.empty() ? json(nullptr) : json(trends.surface)},
          {"other_surface_runs", trends.other_surface_runs},
          {"note",
           "Weekly distance and time are information: in 5,205 runners they did not predict "
           "injury, a single run much longer than the month's longest did (Frandsen et al. "
           "2025); that is the load_spikes count."}};
}

}  // namespace insole::reports
