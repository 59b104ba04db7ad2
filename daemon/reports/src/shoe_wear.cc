#include "insole/reports/shoe_wear.h"

#include "insole/reports/analysis_json.h"
#include "insole/store/step_rows.h"

namespace insole::reports {

using nlohmann::json;

// The runner's calibration from every run with a measured distance (any shoe).
wear::SpeedModel calibrated_model(store::ShoeStore& shoes, store::RunReader& reader,
                                  std::size_t* used) {
  std::vector<wear::CalibrationRun> cal;
  for (const auto& r : shoes.runs_with_distance()) {
    const auto steps = store::analysed_steps(reader.steps(r.run_id));
    const auto est = wear::estimate_distance(steps, wear::SpeedModel{});
    if (est.distance_m > 0) cal.push_back({est.distance_m, r.distance_m});
  }
  wear::SpeedModel model;
  model.runner_factor = wear::calibration_factor(cal);
  if (used) *used = cal.size();
  return model;
}

ShoeWear shoe_wear(store::Connection& db, const store::ShoeRecord& shoe,
                   const wear::SpeedModel& model) {
  store::ShoeStore shoes(db);
  store::RunReader reader(db);
  ShoeWear out;
  out.runner_factor = model.runner_factor;
  double km = shoe.starting_distance_km;
  std::vector<wear::RunObservation> observations;
  for (const auto& r : shoes.runs_of(shoe.id)) {
    if (r.status == "recording") continue;  // in progress: counted once it ends
    ShoeRun run;
    run.record = r;
    run.load = wear::run_load(store::analysed_steps(reader.steps(r.run_id)), model, r.body_mass_kg,
                              r.distance_m);
    const double run_km = run.load.distance_m / 1000.0;
    run.shoe_km_at_middle = km + run_km / 2;
    km += run_km;
    if (run.load.usable()) {
      observations.push_back({run.shoe_km_at_middle, run.load.speed_mps, run.load.peak_force_bw,
                              run.load.loading_rate_bw_per_s});
    }
    out.runs.push_back(run);
  }
  out.distance_km = km;
  out.assessment = wear::assess_wear(observations, km);
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
  store::RunReader reader(db);
  const wear::SpeedModel model = calibrated_model(shoes, reader, nullptr);
  json list = json::array();
  for (const auto& shoe : shoes.list()) {
    const ShoeWear w = shoe_wear(db, shoe, model);
    const auto& a = w.assessment;
    json j = shoe_json(shoe, w.distance_km);
    j["name"] = shoe.brand + " " + shoe.model;
    j["wear"] = {{"verdict", std::string(wear::name(a.verdict))},
                 {"message", a.message},
                 {"runs_used", a.runs_used},
                 {"remaining_km", number(a.remaining_km)},
                 {"remaining_low_km", number(a.remaining_low_km)},
                 {"remaining_high_km", number(a.remaining_high_km)},
                 {"peak_force", trend_json(a.peak_force)},
                 {"loading_rate", trend_json(a.loading_rate)}};
    json points = json::array();
    for (const auto& r : w.runs) {
      if (!r.load.usable()) continue;
      points.push_back({{"run_id", r.record.run_id},
                        {"started_at", r.record.started_at},
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
