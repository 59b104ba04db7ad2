#include "insole/reports/run_report.h"
#include "insole/reports/watch_import.h"
#include "insole/store/watch_tracks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/reports/alert_words.h"
#include "insole/reports/analysis_json.h"
#include "insole/reports/late_run_words.h"
#include "insole/reports/pronation_baseline.h"
#include "insole/reports/run_digest.h"
#include "insole/reports/shoe_wear.h"
#include "insole/reports/training_load_words.h"
#include "insole/reports/trend_words.h"
#include "insole/reports/weekly_trends.h"
#include "insole/store/run_reader.h"
#include "insole/store/shoes.h"
#include "insole/store/step_rows.h"

namespace insole::reports {
namespace {

using nlohmann::json;
namespace an = insole::analysis;

json shoe_json(const store::ShoeRecord& shoe) {
  return {{"id", shoe.id}, {"name", shoe.brand + " " + shoe.model}};
}

json shoe_of(store::ShoeStore& shoes, std::int64_t shoe_id) {
  if (shoe_id == 0) return nullptr;
  const auto shoe = shoes.get(shoe_id);
  return shoe ? shoe_json(*shoe) : json(nullptr);
}

// shoe: shoe_json() of the run's shoe, or null.
json run_entry(const store::RunRecord& r, double duration_s, json shoe) {
  return {{"id", r.id},
          {"started_at", r.started_at ? json(*r.started_at) : json(nullptr)},  // null: unknown
          {"truncated", r.truncated},
          {"ended_at", r.ended_at.empty() ? json(nullptr) : json(r.ended_at)},
          {"status", r.status},
          {"sample_rate_hz", r.sample_rate_hz},
          {"duration_s", duration_s},  // first contact to last toe-off
          {"recording_span_s", r.recording_span_s ? json(*r.recording_span_s) : json(nullptr)},
          {"steps", {{"L", r.steps_left}, {"R", r.steps_right}}},
          {"shoe", std::move(shoe)},
          {"surface", r.surface.empty() ? json(nullptr) : json(r.surface)}};
}

json link_json(const store::LinkCounters& l) {
  const double total = static_cast<double>(l.frames + l.frames_lost);
  return {{"frames", l.frames},
          {"crc_errors", l.crc_errors},
          {"malformed", l.malformed},
          {"sequence_gaps", l.sequence_gaps},
          {"frames_lost", l.frames_lost},
          {"frames_lost_link", l.frames_lost - l.frames_lost_restart},
          {"frames_lost_restart", l.frames_lost_restart},
          {"restarts", l.restarts},
          {"frames_recovered", l.frames_recovered},
          {"loss_ratio", total > 0 ? static_cast<double>(l.frames_lost) / total : 0.0}};
}

std::size_t foot(an::Side side) { return side == an::Side::kLeft ? 0 : 1; }

json distribution_json(const std::vector<an::Step>& steps) {
  json out = json::object();
  for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
    const bool any = std::any_of(steps.begin(), steps.end(),
                                 [side](const an::Step& s) { return s.side == side; });
    if (!any) {  // a foot that was not recorded: no counts that read like "0% flat"
      out[std::string(an::name(side))] = nullptr;
      continue;
    }
    json strike = {{"rearfoot", 0}, {"midfoot", 0}, {"forefoot", 0}};
    json pronation = {{"under", 0}, {"neutral", 0}, {"over", 0}};
    int flat = 0;
    for (const auto& s : steps) {
      if (s.side != side) continue;
      auto& n = strike[std::string(an::name(s.strike))];
      n = n.get<int>() + 1;
      auto& p = pronation[std::string(an::name(s.pronation))];
      p = p.get<int>() + 1;
      flat += s.flat_foot ? 1 : 0;
    }
    out[std::string(an::name(side))] = {
        {"strike", strike}, {"pronation", pronation}, {"flat_foot", flat}};
  }
  return out;
}

json series_json(const std::vector<an::Step>& steps) {
  json out = json::object();
  for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
    json t = json::array(), contact = json::array(), peak = json::array(), rate = json::array(),
         pron = json::array();
    for (const auto& s : steps) {
      if (s.side != side) continue;
      t.push_back(s.contact_s);
      contact.push_back(s.contact_time_s() * 1000.0);
      peak.push_back(s.peak_force_n);
      rate.push_back(s.loading_rate_n_per_s);
      pron.push_back(number(s.pronation_index));
    }
    out[std::string(an::name(side))] = {{"t_s", t},
                                        {"contact_time_ms", contact},
                                        {"peak_force_n", peak},
                                        {"loading_rate_n_per_s", rate},
                                        {"pronation_index", pron}};
  }
  return out;
}

json alert_json(const store::AlertRecord& a) {
  return {{"code", a.code},
          {"side", a.side},
          {"metric", a.metric},
          {"finding", a.finding},
          {"advice", a.advice}};
}

}  // namespace

json runs_json(store::Connection& db) {
  store::RunReader reader(db);
  store::ShoeStore shoes(db);
  // Step counts and spans from the runs' digests (kept once per run), not from every step.
  auto runs = reader.runs(store::RunReader::StepCounts::kLeftOut);
  std::map<std::int64_t, RunDigest> digests;
  for (auto& d : digested_runs(db)) digests.emplace(d.run_id, std::move(d.digest));
  std::sort(runs.begin(), runs.end(), [](const auto& a, const auto& b) { return a.id > b.id; });
  const RunnerCalibration calibration = runner_calibration(db);
  // Every shoe once (a lookup per run would count each shoe's runs again for every run).
  std::map<std::int64_t, json> shoe_names;
  for (const auto& shoe : shoes.list()) shoe_names.emplace(shoe.id, shoe_json(shoe));
  json list = json::array();
  for (auto& r : runs) {
    const RunDigest* digest = nullptr;
    if (const auto d = digests.find(r.id); d != digests.end()) {
      digest = &d->second;
      r.steps_left = digest->steps_left;
      r.steps_right = digest->steps_right;
      r.duration_s = digest->duration_s;
    }
    const auto shoe = shoe_names.find(r.shoe_id);
    json entry =
        run_entry(r, r.duration_s, shoe == shoe_names.end() ? json(nullptr) : shoe->second);
    entry["distance"] = run_distance_json(run_distance(digest, calibration, r.id));
    list.push_back(entry);
  }
  return {{"api", 1}, {"runs", list}};
}

std::string duration_text(double seconds) {
  const long s = std::lround(seconds);
  return s >= 120 ? std::to_string(s / 60) + " min" : std::to_string(s) + " s";
}

std::string cadence_text(double cadence_spm) {
  if (!(cadence_spm > 0)) return "cadence not known yet (under 3 steps of either foot)";
  return "cadence " + std::to_string(std::lround(cadence_spm)) + " steps/min";
}

std::string step_log_text(const analysis::Step& step) {
  char line[200];
  std::snprintf(line, sizeof(line),
                "step %c contact %.3f s, contact time %.0f ms, peak %.0f N, %s%s strike, "
                "pronation %s",
                analysis::name(step.side).front(), step.contact_s, step.contact_time_s() * 1000.0,
                step.peak_force_n, std::string(analysis::name(step.strike)).c_str(),
                step.flat_foot ? " flat" : "", std::string(analysis::name(step.pronation)).c_str());
  return line;
}

std::optional<std::string> recording_end_text(const std::string& recording_end, double recorded_s) {
  const std::string after = duration_text(recorded_s);
  if (recording_end == "flash_full")
    return "recording stopped after " + after + ": insole memory full";
  if (recording_end == "power_loss")
    return "recording ended after " + after + ": the insole lost power";
  return std::nullopt;
}

std::optional<json> run_report_json(store::Connection& db, std::int64_t run_id) {
  store::RunReader reader(db);
  store::ShoeStore shoes(db);
  const auto summary = reader.summary(run_id);
  if (!summary) return std::nullopt;
  const auto steps = store::analysed_steps(reader.steps(run_id));
  json sides = json::array();
  for (const auto& s : summary->sides) {
    sides.push_back(
        {{"side", std::string(1, s.side)},
         {"serial_number", s.serial_number},
         {"steps", s.steps},
         {"mean_contact_time_s", s.mean_contact_time_s},
         {"mean_peak_force_n", s.mean_peak_force_n},
         {"mean_loading_rate_n_per_s", s.mean_loading_rate_n_per_s},
         {"recording_end", s.recording_end.empty() ? json(nullptr) : json(s.recording_end)},
         {"recording_note", recording_end_text(s.recording_end, s.recorded_s)
                                ? json(*recording_end_text(s.recording_end, s.recorded_s))
                                : json(nullptr)},
         {"link", link_json(s.link)}});
  }
  json run = run_entry(summary->run, summary->duration_s, shoe_of(shoes, summary->run.shoe_id));
  // The shoe as it stands now: distance, wear verdict and, when it is worn or nearly, a finding.
  const auto shoe = run_shoe(db, summary->run.shoe_id);
  std::optional<store::AlertRecord> shoe_alert;
  if (shoe) {
    run["shoe"] = run_shoe_json(*shoe);
    shoe_alert = shoe_finding(*shoe);
  }
  const RunnerCalibration calibration = runner_calibration(db);
  run["distance"] = run_distance_json(run_distance(db, calibration, run_id));
  const auto watch = store::WatchTracks(db).of_run(run_id);
  run["watch"] = watch_track_json(watch);
  json out = {{"api", 1},
              {"run", run},
              {"sides", sides},
              {"summary", nullptr},
              {"distribution", distribution_json(steps)},
              {"series", series_json(steps)}};
  if (!steps.empty()) {
    const auto gait = an::summarize(steps, an::GaitConfig{});
    json s = summary_json(gait, pronation_baseline(db, run_id));
    json means = json::object();
    for (const auto side : {an::Side::kLeft, an::Side::kRight}) {
      const auto& f = gait.feet[foot(side)];
      if (!has_foot(gait, side)) {
        means[std::string(an::name(side))] = nullptr;
        continue;
      }
      means[std::string(an::name(side))] = {{"contact_time_ms", f.mean_contact_time_s * 1000.0},
                                            {"peak_force_n", f.mean_peak_force_n},
                                            {"loading_rate_n_per_s", f.mean_loading_rate_n_per_s}};
    }
    s["means"] = means;
    if (shoe_alert) s["alerts"].push_back(alert_json(*shoe_alert));
    const auto history = digested_runs(db);
    if (const auto spike = load_spike_finding(history, calibration, run_id))
      s["alerts"].push_back(alert_json(*spike));
    if (const auto coaching = cadence_coaching_finding(history, calibration, run_id))
      s["alerts"].push_back(alert_json(*coaching));
    if (const auto late =
            late_run_finding(an::late_run_form(steps, run_speed(watch, summary->run.started_at))))
      s["alerts"].push_back(alert_json(*late));
    out["summary"] = s;
  }
  return out;
}

json trends_json(store::Connection& db, std::size_t min_steps) {
  json list = json::array();
  for (const auto& r : digested_runs(db)) {
    if (r.status == "recording") continue;
    if (r.digest.analysed_steps < static_cast<std::int64_t>(min_steps)) continue;
    json entry = r.digest.trend;
    entry["id"] = r.run_id;
    entry["started_at"] = r.started_at ? json(*r.started_at) : json(nullptr);
    list.push_back(std::move(entry));
  }
  return {{"api", 1}, {"runs", list}};
}

json weekly_trends_report(store::Connection& db, std::string_view surface) {
  const auto trends = weekly_trends(digested_runs(db), runner_calibration(db), surface);
  json out = weekly_trends_json(trends);
  out["readings"] = json::array();
  for (const auto& r : trend_readings(trends))
    out["readings"].push_back({{"factor", r.factor}, {"text", r.text}, {"advice", r.advice}});
  // Each shoe in use, as it stands now: its distance and wear verdict.
  out["shoes"] = json::array();
  for (const auto& shoe : store::ShoeStore(db).list())
    if (shoe.retired_at.empty())
      if (const auto worn = run_shoe(db, shoe.id)) out["shoes"].push_back(run_shoe_json(*worn));
  return out;
}

}  // namespace insole::reports
