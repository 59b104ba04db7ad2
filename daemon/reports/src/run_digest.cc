#include "insole/reports/run_digest.h"
#include "insole/reports/watch_import.h"

#include <algorithm>
#include <cmath>

#include "insole/analysis/gait_analyzer.h"
#include "insole/analysis/median.h"
#include "insole/reports/alert_words.h"
#include "insole/reports/analysis_json.h"
#include "insole/reports/pronation_baseline.h"
#include "insole/store/run_digests.h"
#include "insole/store/run_reader.h"
#include "insole/store/step_rows.h"

namespace insole::reports {
namespace {

namespace an = insole::analysis;
using json = nlohmann::json;

// The shape of a kept digest and the analysis and models behind it: bump when any changes, and
// digests kept by an older build are computed again.
// 2: the late-run form change; 3: with impulse SI growth; 4: and the toe share; 5: compared at
// the watch's pace when a track is attached; 6: the mean contact time per foot.
constexpr int kDigestVersion = 6;

json trend_entry(const std::vector<an::Step>& steps, double duration_s,
                 const std::vector<an::SpeedSample>& speed) {
  const auto g = an::summarize(steps, an::GaitConfig{});
  json asym = json::object();
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    asym[std::string(an::name(an::kAsymmetryMetrics[m]))] = {
        {"si_pct", number(a.si_pct)},
        {"ci95", {number(a.ci_low_pct), number(a.ci_high_pct)}},
        {"withheld", a.withheld}};
  }
  // A foot with no steps in this run (one insole recorded) has no values: null, never 0.
  const auto per_foot = [&g](auto value) {
    json out = json::object();
    for (const auto side : {an::Side::kLeft, an::Side::kRight})
      out[std::string(an::name(side))] =
          has_foot(g, side) ? number(value(g.feet[side == an::Side::kLeft ? 0 : 1]))
                            : json(nullptr);
    return out;
  };
  return {{"duration_s", duration_s},
          {"cadence_spm", number(g.cadence_spm)},
          {"contact_time_ms",
           per_foot([](const an::FootSummary& f) { return 1000.0 * f.mean_contact_time_s; })},
          {"flat_foot_pct",
           per_foot([](const an::FootSummary& f) { return 100.0 * f.flat_foot_fraction; })},
          {"pronation_index",
           per_foot([](const an::FootSummary& f) { return f.pronation_index_median; })},
          {"loading_rate_n_per_s",
           per_foot([](const an::FootSummary& f) { return f.mean_loading_rate_n_per_s; })},
          {"asymmetry", asym},
          {"late_run", late_run_json(an::late_run_form(steps, speed))}};
}

double real(const json& v) { return v.is_number() ? v.get<double>() : wear::kNaN; }

json steps_json(const wear::StepsDigest& d) {
  return {{"distance_m", d.plain.distance_m},
          {"moving_time_s", d.plain.moving_time_s},
          {"mean_speed_mps", d.plain.mean_speed_mps},
          {"steps_used", d.plain.steps_used},
          {"duration_s", d.timing.duration_s},
          {"timing_moving_time_s", d.timing.moving_time_s},
          {"strides", d.timing.strides},
          {"impulse_body_weight_n", d.impulse_body_weight_n},
          {"median_peak_force_n", number(d.median_peak_force_n)},
          {"median_loading_rate_n_per_s", number(d.median_loading_rate_n_per_s)},
          {"load_steps", d.load_steps}};
}

wear::StepsDigest steps_from(const json& j) {
  wear::StepsDigest d;
  d.plain.distance_m = real(j.at("distance_m"));
  d.plain.moving_time_s = real(j.at("moving_time_s"));
  d.plain.mean_speed_mps = real(j.at("mean_speed_mps"));
  d.plain.steps_used = j.at("steps_used").get<std::size_t>();
  d.timing.duration_s = real(j.at("duration_s"));
  d.timing.moving_time_s = real(j.at("timing_moving_time_s"));
  d.timing.strides = j.at("strides").get<std::size_t>();
  d.impulse_body_weight_n = real(j.at("impulse_body_weight_n"));
  d.median_peak_force_n = real(j.at("median_peak_force_n"));
  d.median_loading_rate_n_per_s = real(j.at("median_loading_rate_n_per_s"));
  d.load_steps = j.at("load_steps").get<std::size_t>();
  return d;
}

RunDigest compute(store::Connection& db, std::int64_t run_id) {
  const auto rows = store::RunReader(db).steps(run_id);
  RunDigest d;
  std::array<std::vector<double>, 2> index;
  double first = 0, last = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const auto& s = rows[i];
    const std::size_t f = s.side == 'L' ? 0 : 1;
    ++(f == 0 ? d.steps_left : d.steps_right);
    first = i == 0 ? s.contact_s : std::min(first, s.contact_s);
    last = i == 0 ? s.toe_off_s : std::max(last, s.toe_off_s);
    if (std::isfinite(s.pronation_index)) index[f].push_back(s.pronation_index);
  }
  d.duration_s = last - first;
  for (std::size_t f = 0; f < 2; ++f)
    if (index[f].size() >= kMinSteps) d.pronation_median[f] = an::median(index[f]);
  const auto steps = store::analysed_steps(rows);
  d.analysed_steps = static_cast<std::int64_t>(steps.size());
  d.trend = trend_entry(steps, d.duration_s, run_speed(db, run_id));
  d.steps = wear::digest_steps(steps);
  return d;
}

json digest_json(const RunDigest& d) {
  return {{"steps_left", d.steps_left},
          {"steps_right", d.steps_right},
          {"duration_s", d.duration_s},
          {"pronation_median", {number(d.pronation_median[0]), number(d.pronation_median[1])}},
          {"trend", d.trend},
          {"steps", steps_json(d.steps)}};
}

// A kept digest; nullopt when it cannot be read (then it is computed again).
std::optional<RunDigest> digest_from(const store::KeptDigest& k) {
  try {
    const json j = json::parse(*k.entry);
    RunDigest d;
    d.analysed_steps = k.analysed_steps;
    d.steps_left = j.at("steps_left").get<std::int64_t>();
    d.steps_right = j.at("steps_right").get<std::int64_t>();
    d.duration_s = j.at("duration_s").get<double>();
    d.pronation_median = {real(j.at("pronation_median").at(0)),
                          real(j.at("pronation_median").at(1))};
    d.trend = j.at("trend");
    d.steps = steps_from(j.at("steps"));
    return d;
  } catch (const json::exception&) {
    return std::nullopt;
  }
}

// The kept digest, or one computed now (and kept when it can be).
RunDigest digest_of(store::Connection& db, const store::KeptDigest& k) {
  if (k.entry) {
    if (auto d = digest_from(k)) return *d;
  }
  if (k.status != "recording" && !db.read_only()) {
    // Read and kept in one write transaction: no change to the steps slips in between.
    try {
      store::Transaction tx(db);
      RunDigest d = compute(db, k.run_id);
      store::RunDigests(db).keep(k.run_id, kDigestVersion, d.analysed_steps, digest_json(d).dump());
      tx.commit();
      return d;
    } catch (const store::StoreError&) {
      // Not kept (the database is busy or full): answered all the same, kept another time.
    }
  }
  return compute(db, k.run_id);
}

}  // namespace

std::vector<DigestedRun> digested_runs(store::Connection& db) {
  std::vector<DigestedRun> out;
  for (const auto& k : store::RunDigests(db).runs(kDigestVersion))
    out.push_back({k.run_id, k.started_at, k.status, k.surface, digest_of(db, k)});
  return out;
}

std::optional<RunDigest> run_digest(store::Connection& db, std::int64_t run_id) {
  const auto k = store::RunDigests(db).run(run_id, kDigestVersion);
  if (!k) return std::nullopt;
  return digest_of(db, *k);
}

}  // namespace insole::reports
