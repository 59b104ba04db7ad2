#include "shoe_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis_output.h"
#include "insole/reports/shoe_wear.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/step_rows.h"
#include "insole/wear/distance.h"
#include "insole/wear/wear_model.h"

namespace insole::ctl {
namespace {

using nlohmann::json;
using reports::calibrated_model;
using reports::shoe_json;
using reports::shoe_wear;
using reports::ShoeWear;
using reports::trend_json;

std::string today() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char buf[16];
  std::strftime(buf, sizeof(buf), "%Y-%m-%d", &local);
  return buf;
}

double number_arg(const std::string& what, const std::string& text) {
  std::size_t used = 0;
  double v = 0;
  try {
    v = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || !std::isfinite(v)) {
    throw std::invalid_argument(what + " must be a number, not '" + text + "'");
  }
  return v;
}

std::int64_t id_arg(const std::string& what, const std::string& text) {
  char* end = nullptr;
  const long long id = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || id <= 0) {
    throw std::invalid_argument(what + " must be a positive id, not '" + text + "'");
  }
  return id;
}

// Splits "--name value" options from operands; only the names in `known` are accepted.
struct Parsed {
  std::vector<std::string> operands;
  std::vector<std::pair<std::string, std::string>> options;
  std::optional<std::string> get(const std::string& name) const {
    std::optional<std::string> v;
    for (const auto& [k, value] : options)
      if (k == name) v = value;
    return v;
  }
};

Parsed parse(const std::vector<std::string>& args, std::size_t from,
             const std::vector<std::string>& known) {
  Parsed p;
  for (std::size_t i = from; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
      bool ok = false;
      for (const auto& k : known) ok = ok || k == a;
      if (!ok) throw std::invalid_argument("unknown option " + a);
      if (i + 1 >= args.size()) throw std::invalid_argument("missing value for " + a);
      p.options.emplace_back(a, args[++i]);
    } else {
      p.operands.push_back(a);
    }
  }
  return p;
}

void want_operands(const Parsed& p, std::size_t n, const std::string& usage) {
  if (p.operands.size() != n) throw std::invalid_argument("usage: insolectl " + usage);
}

std::string size_text(double size) {
  if (std::isnan(size)) return "-";
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%g", size);
  return buf;
}

using reports::km_text;

int cmd_add(store::Connection& db, const std::vector<std::string>& args, bool json_out) {
  const Parsed p =
      parse(args, 1, {"--brand", "--model", "--size", "--start", "--starting-km", "--notes"});
  const std::string usage =
      "shoes add --brand BRAND --model MODEL [--size EU] [--start YYYY-MM-DD] "
      "[--starting-km KM] [--notes TEXT]";
  want_operands(p, 0, usage);
  store::ShoeRecord s;
  s.brand = p.get("--brand").value_or("");
  s.model = p.get("--model").value_or("");
  if (s.brand.empty() || s.model.empty()) throw std::invalid_argument("usage: insolectl " + usage);
  if (auto v = p.get("--size")) s.size_eu = number_arg("--size", *v);
  s.start_date = p.get("--start").value_or(today());
  if (auto v = p.get("--starting-km")) s.starting_distance_km = number_arg("--starting-km", *v);
  s.notes = p.get("--notes").value_or("");
  store::ShoeStore shoes(db);
  const auto id = shoes.add(s);
  const auto added = shoes.get(id);
  if (json_out) {
    std::cout << shoe_json(*added, added->starting_distance_km).dump(2) << "\n";
  } else {
    std::printf("shoe %lld added: %s %s, size %s, from %s, %s already run\n",
                static_cast<long long>(id), added->brand.c_str(), added->model.c_str(),
                size_text(added->size_eu).c_str(), added->start_date.c_str(),
                km_text(added->starting_distance_km).c_str());
  }
  return 0;
}

int cmd_list(store::Connection& db, const std::vector<std::string>& args, bool json_out) {
  want_operands(parse(args, 1, {}), 0, "shoes list [--json]");
  store::ShoeStore shoes(db);
  const wear::SpeedModel model = calibrated_model(db, nullptr);
  const auto list = shoes.list();
  const auto default_shoe = shoes.default_shoe();
  if (json_out) {
    json out = json::array();
    for (const auto& s : list) {
      json j = shoe_json(s, shoe_wear(db, s, model).distance_km);
      j["default"] = default_shoe == s.id;
      out.push_back(j);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("%4s  %-12s  %-18s  %5s  %-10s  %9s  %4s  %s\n", "SHOE", "BRAND", "MODEL", "SIZE",
              "START", "DISTANCE", "RUNS", "STATUS");
  for (const auto& s : list) {
    const std::string status = !s.retired_at.empty()  ? "retired " + s.retired_at
                               : default_shoe == s.id ? "in use (default)"
                                                      : "in use";
    std::printf("%4lld  %-12s  %-18s  %5s  %-10s  %9s  %4lld  %s\n", static_cast<long long>(s.id),
                s.brand.c_str(), s.model.c_str(), size_text(s.size_eu).c_str(),
                s.start_date.c_str(), km_text(shoe_wear(db, s, model).distance_km).c_str(),
                static_cast<long long>(s.runs), status.c_str());
  }
  if (list.empty()) std::printf("(no shoes yet: insolectl shoes add --brand B --model M)\n");
  return 0;
}

void print_trend(const char* label, const wear::MetricTrend& t) {
  if (!t.estimable) {
    std::printf("  %-13s  not estimable yet\n", label);
    return;
  }
  std::printf(
      "  %-13s  %+6.1f%% since new (95%% CI %+.1f%% to %+.1f%%), %+.2f%% per 100 km; "
      "limit %+.0f%%, %s\n",
      label, t.change_pct, t.change_low_pct, t.change_high_pct, t.per_100km_pct, t.threshold_pct,
      t.change_low_pct >= t.threshold_pct ? "reached"
      : t.change_pct >= t.threshold_pct   ? "likely reached, not yet certain"
      : !t.rising                         ? "not rising"
                  : ("reached in about " + km_text(t.remaining_km)).c_str());
}

// The distance model's factor, the runs it came from and the measurements left out.
void print_calibration(const reports::RunnerCalibration& c) {
  const wear::Calibration& f = c.calibration;
  std::string from;
  for (const auto& e : c.runs) {
    if (!e.used) continue;
    from += (from.empty() ? "run " : ", ") + std::to_string(e.record.run_id);
  }
  std::printf("  distance model factor %.3f%s", f.factor,
              f.runs_used > 0  ? ""
              : c.runs.empty() ? " (uncalibrated: no run has a measured distance)"
                               : " (uncalibrated: no measured distance fits its run)");
  if (f.runs_used > 0) {
    std::printf(" from %zu measured run%s (%s)", f.runs_used, f.runs_used == 1 ? "" : "s",
                from.c_str());
  }
  if (f.bounded) {
    std::printf("; held at its bound, the measured runs alone say %.3f", f.unbounded_factor);
  }
  std::printf("\n");
  for (const auto& e : c.runs) {
    if (e.check.plausible()) continue;
    const auto id = static_cast<long long>(e.record.run_id);
    std::printf(
        "  run %lld: measured %.3f km not used (%s); correct it with insolectl set-run %lld "
        "--distance-km KM, or clear it with --distance-km none\n",
        id, e.record.distance_m / 1000,
        reports::distance_problem(e.check, e.record.distance_m, e.timing).c_str(), id);
  }
}

int cmd_show(store::Connection& db, const std::vector<std::string>& args, bool json_out) {
  const Parsed p = parse(args, 1, {});
  want_operands(p, 1, "shoes show SHOE [--json]");
  const auto id = id_arg("SHOE", p.operands[0]);
  store::ShoeStore shoes(db);
  const auto shoe = shoes.get(id);
  if (!shoe) throw store::StoreError("no shoe " + std::to_string(id));
  const reports::RunnerCalibration calibration = reports::runner_calibration(db);
  const std::size_t calibration_runs = calibration.calibration.runs_used;
  const ShoeWear w = shoe_wear(db, *shoe, calibration.model);
  const wear::WearAssessment& a = w.assessment;
  if (json_out) {
    json j = shoe_json(*shoe, w.distance_km);
    j["runner_factor"] = w.runner_factor;
    j["calibration_runs"] = calibration_runs;
    j["calibration"] = reports::calibration_json(calibration);
    j["cushioning"] = {{"runs_used", a.runs_used},
                       {"span_km", a.span_km},
                       {"peak_force", trend_json(a.peak_force)},
                       {"loading_rate", trend_json(a.loading_rate)}};
    j["verdict"] = std::string(wear::name(a.verdict));
    j["remaining_km"] = number(a.remaining_km);
    j["remaining_range_km"] = {number(a.remaining_low_km), number(a.remaining_high_km)};
    j["message"] = w.message;
    j["outlier_runs"] = w.outlier_runs;
    j["decided_by"] = std::string(wear::name(a.decided_by));
    j["run_list"] = json::array();
    for (const auto& r : w.runs) {
      j["run_list"].push_back(
          {{"run", r.record.run_id},
           {"started_at", r.record.started_at.empty() ? json(nullptr) : json(r.record.started_at)},
           {"distance_km", r.load.distance_m / 1000.0},
           {"distance_measured", r.load.distance_measured},
           {"distance_quarantined", r.distance_quarantined()},
           {"speed_mps", number(r.load.speed_mps)},
           {"body_weight_n", number(r.load.body_weight_n)},
           {"peak_force_bw", number(r.load.peak_force_bw)},
           {"loading_rate_bw_per_s", number(r.load.loading_rate_bw_per_s)},
           {"shoe_km", r.shoe_km_at_middle}});
    }
    std::cout << j.dump(2) << "\n";
    return 0;
  }
  std::printf("Shoe %lld: %s %s, size %s, since %s%s\n", static_cast<long long>(shoe->id),
              shoe->brand.c_str(), shoe->model.c_str(), size_text(shoe->size_eu).c_str(),
              shoe->start_date.c_str(),
              shoe->retired_at.empty() ? "" : (", retired " + shoe->retired_at).c_str());
  if (!shoe->notes.empty()) std::printf("  %s\n", shoe->notes.c_str());
  std::printf("  distance %s (%s before insole, %s recorded)\n", km_text(w.distance_km).c_str(),
              km_text(shoe->starting_distance_km).c_str(),
              reports::count_text(w.runs.size(), "run", "runs").c_str());
  print_calibration(calibration);
  std::printf("\n");
  std::printf("  cushioning from %s over %s (per body weight, speed-adjusted):\n",
              reports::count_text(a.runs_used, "run", "runs").c_str(), km_text(a.span_km).c_str());
  print_trend("peak force", a.peak_force);
  print_trend("loading rate", a.loading_rate);
  std::printf("\n  %s\n", w.message.c_str());
  return 0;
}

}  // namespace

int run_shoes(const std::string& db_path, const std::vector<std::string>& args, bool json_out) {
  if (args.empty()) {
    throw std::invalid_argument("shoes needs add|list|show|retire|assign|unassign");
  }
  const std::string& sub = args[0];
  if (sub == "list" || sub == "show") {
    auto db = store::open_for_reading(db_path);
    return sub == "list" ? cmd_list(*db, args, json_out) : cmd_show(*db, args, json_out);
  }
  if (sub != "add" && sub != "retire" && sub != "assign" && sub != "unassign") {
    throw std::invalid_argument("unknown shoes command '" + sub +
                                "' (add|list|show|retire|assign|unassign)");
  }
  // Check the arguments before touching the database.
  Parsed p;
  if (sub == "retire") {
    p = parse(args, 1, {"--date"});
    want_operands(p, 1, "shoes retire SHOE [--date YYYY-MM-DD]");
    id_arg("SHOE", p.operands[0]);
  } else if (sub == "assign") {
    p = parse(args, 1, {});
    want_operands(p, 2, "shoes assign RUN|last SHOE");
    if (p.operands[0] != "last") id_arg("RUN", p.operands[0]);
    id_arg("SHOE", p.operands[1]);
  } else if (sub == "unassign") {
    p = parse(args, 1, {});
    want_operands(p, 1, "shoes unassign RUN|last");
    if (p.operands[0] != "last") id_arg("RUN", p.operands[0]);
  }
  auto db = store::open_for_editing(db_path);
  store::ShoeStore shoes(*db);
  if (sub == "add") return cmd_add(*db, args, json_out);
  if (sub == "retire") {
    const auto id = id_arg("SHOE", p.operands[0]);
    const std::string date = p.get("--date").value_or(today());
    shoes.retire(id, date);
    std::printf("shoe %lld retired on %s\n", static_cast<long long>(id), date.c_str());
    return 0;
  }
  std::int64_t run = 0;
  if (p.operands[0] == "last") {
    const auto runs = store::RunReader(*db).runs();
    if (runs.empty()) throw store::StoreError("no runs recorded in " + db_path);
    run = runs.back().id;
  } else {
    run = id_arg("RUN", p.operands[0]);
  }
  if (sub == "unassign") {
    const auto had = shoes.unassign(run);
    if (!had) {
      std::printf("run %lld had no shoe\n", static_cast<long long>(run));
    } else {
      const auto s = shoes.get(*had);
      std::printf("run %lld no longer counts towards shoe %lld (%s %s)\n",
                  static_cast<long long>(run), static_cast<long long>(*had), s->brand.c_str(),
                  s->model.c_str());
    }
    return 0;
  }
  const auto shoe = id_arg("SHOE", p.operands[1]);
  shoes.assign(run, shoe);
  const auto s = shoes.get(shoe);
  std::printf("run %lld assigned to shoe %lld (%s %s)\n", static_cast<long long>(run),
              static_cast<long long>(shoe), s->brand.c_str(), s->model.c_str());
  return 0;
}

namespace {

// A measured distance must fit the run's own duration and cadence (docs/shoe-wear.md); a wrong
// one would calibrate the distance model for every later run.
void check_distance(store::Connection& db, std::int64_t run, double distance_m) {
  store::RunReader reader(db);
  const auto record = reader.run(run);
  if (!record) throw store::StoreError("no run " + std::to_string(run));
  const std::string name = "run " + std::to_string(run);
  if (record->status == "recording") {
    throw store::StoreError(name + " is still recording; set its distance once it has ended");
  }
  const auto steps = store::analysed_steps(reader.steps(run));
  const wear::RunTiming timing = wear::run_timing(steps, wear::SpeedModel{});
  const wear::MeasuredDistanceCheck check = wear::check_measured_distance(distance_m, timing);
  if (check.plausible()) return;
  char km[32];
  std::snprintf(km, sizeof(km), "%.3f km", distance_m / 1000);
  throw store::StoreError(std::string("refused: a measured distance of ") + km + " does not fit " +
                          name + ": " + reports::distance_problem(check, distance_m, timing) +
                          " (--distance-km takes the run's whole distance in kilometres)");
}

}  // namespace

int run_set_run(const std::string& db_path, const std::vector<std::string>& args, bool) {
  const Parsed p = parse(args, 0, {"--distance-km", "--mass-kg", "--surface"});
  const std::string usage =
      "set-run RUN|last [--distance-km KM|none] [--mass-kg KG|none] "
      "[--surface road|track|trail|treadmill|none]";
  want_operands(p, 1, usage);
  const bool last = p.operands[0] == "last";
  std::int64_t run = last ? 0 : id_arg("RUN", p.operands[0]);
  const auto distance = p.get("--distance-km");
  const auto mass = p.get("--mass-kg");
  const auto surface = p.get("--surface");
  if (!distance && !mass && !surface) throw std::invalid_argument("usage: insolectl " + usage);
  if (surface && *surface != "none" &&
      std::find(store::kSurfaces.begin(), store::kSurfaces.end(), *surface) ==
          store::kSurfaces.end())
    throw std::invalid_argument("--surface must be road, track, trail, treadmill or none, not '" +
                                *surface + "'");
  std::optional<double> distance_m, mass_kg;
  if (distance && *distance != "none") distance_m = number_arg("--distance-km", *distance) * 1000;
  if (mass && *mass != "none") mass_kg = number_arg("--mass-kg", *mass);
  auto db = store::open_for_editing(db_path);
  if (last) {
    const auto runs = store::RunReader(*db).runs();
    if (runs.empty()) throw store::StoreError("no runs recorded in " + db_path);
    run = runs.back().id;
  }
  store::ShoeStore shoes(*db);
  if (distance_m) check_distance(*db, run, *distance_m);
  store::Transaction tx(*db);
  if (distance) shoes.set_run_distance(run, distance_m);
  if (mass) shoes.set_run_body_mass(run, mass_kg);
  if (surface)
    shoes.set_run_surface(run, *surface == "none" ? std::nullopt : std::optional(*surface));
  tx.commit();
  std::string what;
  char buf[64];
  if (distance) {
    std::snprintf(buf, sizeof(buf), " measured distance %.3f km", distance_m.value_or(0) / 1000);
    what += distance_m ? buf : " measured distance cleared";
  }
  if (mass) {
    std::snprintf(buf, sizeof(buf), " body mass %.1f kg", mass_kg.value_or(0));
    what += mass_kg ? buf : " body mass cleared";
  }
  if (surface) what += *surface == "none" ? " surface cleared" : " surface " + *surface;
  std::printf("run %lld:%s\n", static_cast<long long>(run), what.c_str());
  return 0;
}

}  // namespace insole::ctl
