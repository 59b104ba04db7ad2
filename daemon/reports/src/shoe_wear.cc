#include "insole/reports/shoe_wear.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>

#include "insole/reports/analysis_json.h"
#include "insole/reports/run_digest.h"

namespace insole::reports {

using nlohmann::json;

namespace {

__attribute__((format(printf, 1, 2))) std::string format(const char* fmt, ...) {
  char buf[160];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof(buf), fmt, args);
  va_end(args);
  return buf;
}

}  // namespace

RunnerCalibration runner_calibration(store::Connection& db) {
  RunnerCalibration out;
  std::vector<wear::CalibrationRun> cal;
  for (const auto& r : store::ShoeStore(db).runs_with_distance()) {
    CalibrationEntry e;
    e.record = r;
    if (const auto digest = run_digest(db, r.run_id)) {  // with runner_factor 1
      e.estimated_m = digest->steps.plain.distance_m;
      e.timing = digest->steps.timing;
    }
    e.check = wear::check_measured_distance(r.distance_m, e.timing);
    e.used = e.check.plausible() && e.estimated_m > 0;
    if (e.used) cal.push_back({e.estimated_m, r.distance_m});
    out.runs.push_back(e);
  }
  out.calibration = wear::calibrate(cal);
  out.model.runner_factor = out.calibration.factor;
  return out;
}

wear::SpeedModel calibrated_model(store::Connection& db, std::size_t* used) {
  const RunnerCalibration c = runner_calibration(db);
  if (used) *used = c.calibration.runs_used;
  return c.model;
}

std::string distance_problem(const wear::MeasuredDistanceCheck& check, double measured_m,
                             const wear::RunTiming& timing) {
  const wear::PlausibleRunning running;
  const std::string range =
      format("running is %.0f-%.0f km/h", running.min_speed_mps * 3.6, running.max_speed_mps * 3.6);
  switch (check.result) {
    case wear::DistanceCheck::kPlausible:
      return "";
    case wear::DistanceCheck::kNoSteps:
      return "the run has no steps to check a distance against";
    case wear::DistanceCheck::kTooFast:
      return format("%.3f km in %.0f s is %.1f km/h; ", measured_m / 1000, timing.duration_s,
                    check.value * 3.6) +
             range;
    case wear::DistanceCheck::kTooSlow:
      return format("%.3f km in %.0f s of running is %.1f km/h; ", measured_m / 1000,
                    timing.moving_time_s, check.value * 3.6) +
             range;
    case wear::DistanceCheck::kStrideTooLong:
      return format("%.3f km in %.0f strides is %.1f m per stride; ", measured_m / 1000,
                    static_cast<double>(timing.strides), check.value) +
             format("a running stride is at most %.1f m", check.limit);
  }
  return "";
}

json calibration_json(const RunnerCalibration& c) {
  json runs = json::array();
  for (const auto& e : c.runs) {
    const std::string problem = distance_problem(e.check, e.record.distance_m, e.timing);
    runs.push_back(
        {{"run", e.record.run_id},
         {"started_at", e.record.started_at.empty() ? json(nullptr) : json(e.record.started_at)},
         {"measured_km", e.record.distance_m / 1000},
         {"estimated_km", e.estimated_m / 1000},
         {"used", e.used},
         {"check", std::string(wear::name(e.check.result))},
         {"problem", problem.empty() ? json(nullptr) : json(problem)}});
  }
  return {{"factor", c.calibration.factor},
          {"unbounded_factor", c.calibration.unbounded_factor},
          {"bounded", c.calibration.bounded},
          {"runs_used", c.calibration.runs_used},
          {"runs", runs}};
}

ShoeWear shoe_wear(store::Connection& db, const store::ShoeRecord& shoe,
                   const wear::SpeedModel& model) {
  store::ShoeStore shoes(db);
  ShoeWear out;
  out.runner_factor = model.runner_factor;
  double km = shoe.starting_distance_km;
  std::vector<wear::RunObservation> observations;
  std::vector<std::int64_t> observed_run;  // run id of each observation
  for (const auto& r : shoes.runs_of(shoe.id)) {
    if (r.status == "recording") continue;  // in progress: counted once it ends
    ShoeRun run;
    run.record = r;
    const wear::StepsDigest digest =
        run_digest(db, r.run_id).value_or(RunDigest{}).steps;  // with runner_factor 1
    double measured_m = r.distance_m;
    if (measured_m > 0) {
      run.timing = digest.timing;
      run.distance_check = wear::check_measured_distance(measured_m, run.timing);
      if (!run.distance_check.plausible()) measured_m = wear::kNaN;  // quarantined, kept
    }
    run.load = wear::run_load(digest, model, r.body_mass_kg, measured_m);
    const double run_km = run.load.distance_m / 1000.0;
    run.shoe_km_at_middle = km + run_km / 2;
    km += run_km;
    if (run.load.usable()) {
      observations.push_back({run.shoe_km_at_middle, run.load.speed_mps, run.load.peak_force_bw,
                              run.load.loading_rate_bw_per_s});
      observed_run.push_back(r.run_id);
    }
    out.runs.push_back(run);
  }
  out.distance_km = km;
  out.assessment = wear::assess_wear(observations, km);
  for (const auto* t : {&out.assessment.peak_force, &out.assessment.loading_rate}) {
    for (const std::size_t i : t->outliers) {
      const std::int64_t id = observed_run[i];
      if (std::find(out.outlier_runs.begin(), out.outlier_runs.end(), id) ==
          out.outlier_runs.end()) {
        out.outlier_runs.push_back(id);
      }
    }
  }
  std::sort(out.outlier_runs.begin(), out.outlier_runs.end());
  out.message = wear_message(out.assessment, out.outlier_runs);
  return out;
}

std::string km_text(double km) {
  if (!std::isfinite(km)) return "-";
  if (km == 0) return "0 km";
  return format(std::abs(km) < 10 ? "%.2f km" : "%.0f km", km);
}

std::string count_text(std::size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

namespace {

std::string pct(double v) { return format("%+.1f%%", v); }
std::string km(double v) { return km_text(v); }

std::string metric_words(wear::Metric m) {
  return m == wear::Metric::kLoadingRate ? "loading rate" : "peak force";
}

std::string describe(const wear::MetricTrend& t, const std::string& label) {
  return label + " " + pct(t.change_pct) + " (95% CI " + pct(t.change_low_pct) + " to " +
         pct(t.change_high_pct) + ")";
}

}  // namespace

std::string wear_message(const wear::WearAssessment& a, const std::vector<std::int64_t>& outliers,
                         const wear::WearConfig& config) {
  using wear::Verdict;
  std::string out;
  const wear::MetricTrend& t = a.trend(a.decided_by);
  const std::string label = metric_words(a.decided_by);
  const std::string limit = pct(t.threshold_pct) + " " + label;
  switch (a.verdict) {
    case Verdict::kNotEnoughData:
      if (a.undetermined) {
        out = "Not enough data yet: the runs do not determine a trend.";
      } else {
        out = "Not enough data yet: " + std::to_string(a.runs_used) + " run" +
              (a.runs_used == 1 ? "" : "s") + " over " + km(a.span_km) +
              " measured; the cushioning trend needs at least " + std::to_string(config.min_runs) +
              " runs spanning " + km(config.min_span_km) + ".";
      }
      break;
    case Verdict::kNoChange: {
      const std::string both =
          describe(a.peak_force, "peak force") + ", " + describe(a.loading_rate, "loading rate");
      const bool open_p = a.peak_force.change_high_pct >= a.peak_force.threshold_pct;
      const bool open_l = a.loading_rate.change_high_pct >= a.loading_rate.threshold_pct;
      if (!open_p && !open_l) {
        out = "No measurable cushioning loss: since new, " + both + ".";
      } else {
        const auto& o = open_l && !open_p ? a.loading_rate : a.peak_force;
        out = "No clear cushioning loss yet: since new, " + both + "; the interval still reaches " +
              "the " + pct(o.threshold_pct) + " limit of " +
              (open_l && !open_p ? "loading rate" : "peak force") + ", so the next runs will tell.";
      }
      break;
    }
    case Verdict::kWearing:
    case Verdict::kReplaceSoon: {
      const std::string range = a.remaining_low_km <= 0
                                    ? "possibly already, at most " + km(a.remaining_high_km)
                                    : km(a.remaining_low_km) + " to " + km(a.remaining_high_km);
      out = std::string(a.verdict == Verdict::kReplaceSoon ? "Replace soon"
                                                           : "Cushioning is wearing") +
            ": " + describe(t, label) + " since new; about " + km(a.remaining_km) + " (" + range +
            ") left before " + limit + ".";
      break;
    }
    case Verdict::kLikelyWorn:
      out = "Likely worn, not yet certain: " + describe(t, label) + " since new, past the " +
            pct(t.threshold_pct) + " limit, but the interval still reaches below it; plan to " +
            "replace these shoes soon.";
      break;
    case Verdict::kReplace:
      out = "Replace these shoes: cushioning has worn past the limit; " + describe(t, label) +
            " since new, limit " + pct(t.threshold_pct) + ".";
      break;
  }
  if (!outliers.empty()) {
    std::string ids;
    for (const auto id : outliers) ids += (ids.empty() ? "" : ", ") + std::to_string(id);
    out += " Left out as unlike the shoe's other runs: run" +
           std::string(outliers.size() == 1 ? " " : "s ") + ids + ".";
  }
  return out;
}

std::optional<RunShoe> run_shoe(store::Connection& db, std::int64_t shoe_id) {
  if (shoe_id == 0) return std::nullopt;
  store::ShoeStore shoes(db);
  const auto shoe = shoes.get(shoe_id);
  if (!shoe) return std::nullopt;
  const wear::SpeedModel model = calibrated_model(db, nullptr);
  return RunShoe{*shoe, shoe_wear(db, *shoe, model)};
}

std::optional<store::AlertRecord> shoe_finding(const RunShoe& s) {
  using wear::Verdict;
  const wear::WearAssessment& a = s.wear.assessment;
  if (a.verdict != Verdict::kReplaceSoon && a.verdict != Verdict::kLikelyWorn &&
      a.verdict != Verdict::kReplace) {
    return std::nullopt;
  }
  const wear::MetricTrend& t = a.trend(a.decided_by);
  const std::string label = metric_words(a.decided_by);
  const std::string name = s.shoe.brand + " " + s.shoe.model + " (" + km(s.wear.distance_km) + ")";
  store::AlertRecord r;
  r.code = "shoe_wear";
  r.metric = std::string(wear::name(a.decided_by));
  if (a.verdict == Verdict::kReplace) {
    r.finding = "Your " + name + " have worn past the cushioning limit: " + label + " " +
                pct(t.change_pct) + " since new (95% CI " + pct(t.change_low_pct) + " to " +
                pct(t.change_high_pct) + "), limit " + pct(t.threshold_pct) + ".";
    r.advice =
        "Replace them: a worn midsole lets every landing hit harder. Register the new pair "
        "(insolectl shoes add) so its wear is measured from new.";
  } else if (a.verdict == Verdict::kLikelyWorn) {
    r.finding = "Your " + name + " are likely worn, though not yet certain: " + label + " " +
                pct(t.change_pct) + " since new (95% CI " + pct(t.change_low_pct) + " to " +
                pct(t.change_high_pct) + "), past the " + pct(t.threshold_pct) + " limit.";
    r.advice =
        "Plan to replace them soon; until then, alternate with another pair if you have one "
        "and keep long or fast runs for fresher shoes.";
  } else {
    r.finding = "Your " + name + " are nearing the cushioning limit: about " + km(a.remaining_km) +
                " left before " + pct(t.threshold_pct) + " " + label + ".";
    r.advice = "Plan to replace them within the next " + km(a.remaining_km) +
               "; the next runs will narrow the estimate.";
  }
  return r;
}

json run_shoe_json(const RunShoe& s) {
  const wear::WearAssessment& a = s.wear.assessment;
  return {{"id", s.shoe.id},
          {"name", s.shoe.brand + " " + s.shoe.model},
          {"distance_km", s.wear.distance_km},
          {"verdict", std::string(wear::name(a.verdict))},
          {"decided_by", std::string(wear::name(a.decided_by))},
          {"remaining_km", number(a.remaining_km)},
          {"message", s.wear.message}};
}

RunDistance run_distance(store::Connection& db, std::int64_t run_id) {
  return run_distance(db, runner_calibration(db), run_id);
}

RunDistance run_distance(store::Connection& db, const RunnerCalibration& c, std::int64_t run_id) {
  const auto digest = run_digest(db, run_id);
  return run_distance(digest ? &*digest : nullptr, c, run_id);
}

RunDistance run_distance(const RunDigest* digest, const RunnerCalibration& c, std::int64_t run_id) {
  RunDistance out;
  out.runner_factor = c.model.runner_factor;
  const wear::DistanceEstimate est =
      digest ? wear::estimate_distance(digest->steps, c.model) : wear::DistanceEstimate{};
  out.moving_time_s = est.moving_time_s;
  if (est.steps_used > 0) {
    out.distance_m = est.distance_m;
    out.source = c.calibration.runs_used > 0 ? "calibrated_model" : "uncalibrated_model";
  }
  for (const auto& e : c.runs) {
    if (e.record.run_id != run_id) continue;
    if (e.check.plausible()) {
      out.distance_m = e.record.distance_m;
      out.source = "measured";
    } else {
      out.measured_problem = format("measured %.3f km not used: ", e.record.distance_m / 1000) +
                             distance_problem(e.check, e.record.distance_m, e.timing);
    }
  }
  if (out.distance_m > 0 && out.moving_time_s > 0) {
    out.pace_s_per_km = out.moving_time_s / (out.distance_m / 1000);
  }
  return out;
}

json run_distance_json(const RunDistance& d) {
  const bool known = d.source != "none";
  return {
      {"km", known ? json(d.distance_m / 1000) : json(nullptr)},
      {"source", d.source},
      {"pace_s_per_km", d.pace_s_per_km > 0 ? json(d.pace_s_per_km) : json(nullptr)},
      {"moving_time_s", d.moving_time_s},
      {"runner_factor", d.runner_factor},
      {"measured_problem", d.measured_problem.empty() ? json(nullptr) : json(d.measured_problem)}};
}

std::string run_distance_text(const RunDistance& d, std::int64_t run_id) {
  if (d.source == "none") return "distance unknown (no steps to estimate it from)";
  std::string out = format("%.2f km", d.distance_m / 1000);
  if (d.pace_s_per_km > 0) {
    const auto pace = static_cast<long long>(std::lround(d.pace_s_per_km));
    // A short run in seconds: "over 0 min" says nothing.
    out += d.moving_time_s < 90 ? format(", pace %lld:%02lld /km over %.0f s of running", pace / 60,
                                         pace % 60, d.moving_time_s)
                                : format(", pace %lld:%02lld /km over %.0f min of running",
                                         pace / 60, pace % 60, d.moving_time_s / 60);
  }
  const std::string id = std::to_string(run_id);
  if (d.source == "measured") {
    out += " (measured, set with set-run)";
  } else if (d.source == "calibrated_model") {
    out += format(" (estimated from contact times, calibrated x%.3f by your measured runs)",
                  d.runner_factor);
  } else {
    out += " (estimated from contact times, uncalibrated: can be 10-20% off; insolectl set-run " +
           id + " --distance-km KM calibrates it)";
  }
  if (!d.measured_problem.empty()) out += "; " + d.measured_problem;
  return out;
}

json shoe_json(const store::ShoeRecord& s, double distance_km) {
  return {{"id", s.id},
          {"brand", s.brand},
          {"model", s.model},
          {"size_eu", number(s.size_eu)},
          {"start_date", s.start_date},
          {"starting_distance_km", s.starting_distance_km},
          {"retired_at", s.retired_at.empty() ? json(nullptr) : json(s.retired_at)},
          {"notes", s.notes},
          {"runs", s.runs},
          {"last_run_at", s.last_run_at.empty() ? json(nullptr) : json(s.last_run_at)},
          {"distance_km", distance_km}};
}

json trend_json(const wear::MetricTrend& t) {
  return {{"estimable", t.estimable},
          {"threshold_pct", t.threshold_pct},
          {"per_100km_pct", number(t.per_100km_pct)},
          {"per_100km_ci95_pct", {number(t.per_100km_low_pct), number(t.per_100km_high_pct)}},
          {"change_pct", number(t.change_pct)},
          {"change_ci95_pct", {number(t.change_low_pct), number(t.change_high_pct)}},
          {"rising", t.rising},
          {"remaining_km", number(t.remaining_km)},
          {"remaining_range_km", {number(t.remaining_low_km), number(t.remaining_high_km)}},
          {"speed_elasticity", number(t.speed_elasticity)}};
}

json shoes_json(store::Connection& db) {
  store::ShoeStore shoes(db);
  const wear::SpeedModel model = calibrated_model(db, nullptr);
  json list = json::array();
  for (const auto& shoe : shoes.list()) {
    const ShoeWear w = shoe_wear(db, shoe, model);
    const auto& a = w.assessment;
    json j = shoe_json(shoe, w.distance_km);
    j["name"] = shoe.brand + " " + shoe.model;
    j["wear"] = {{"verdict", std::string(wear::name(a.verdict))},
                 {"message", w.message},
                 {"outlier_runs", w.outlier_runs},
                 {"runs_used", a.runs_used},
                 {"remaining_km", number(a.remaining_km)},
                 {"remaining_low_km", number(a.remaining_low_km)},
                 {"remaining_high_km", number(a.remaining_high_km)},
                 {"peak_force", trend_json(a.peak_force)},
                 {"loading_rate", trend_json(a.loading_rate)}};
    json points = json::array();
    for (const auto& r : w.runs) {
      if (!r.load.usable()) continue;
      points.push_back(
          {{"run_id", r.record.run_id},
           {"started_at", r.record.started_at.empty() ? json(nullptr) : json(r.record.started_at)},
           {"distance_km", r.shoe_km_at_middle},
           {"peak_force_bw", number(r.load.peak_force_bw)},
           {"loading_rate_bw_per_s", number(r.load.loading_rate_bw_per_s)}});
    }
    j["points"] = points;
    list.push_back(j);
  }
  return {{"api", 1}, {"shoes", list}};
}

}  // namespace insole::reports
