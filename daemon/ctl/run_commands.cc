#include "run_commands.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis_output.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/fit/activity_file.h"
#include "insole/fit/fit_decoder.h"
#include "insole/fit/merged_file.h"
#include "insole/readers/watch_track.h"
#include "insole/reports/fit_activity.h"
#include "insole/run/grid_layouts.h"
#include "insole/run/run_frames.h"
#include "insole/run/stored_run_analysis.h"
#include "insole/store/run_reader.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/step_rows.h"

namespace insole::ctl {
namespace {

namespace an = insole::analysis;

an::Layout layout_of(const store::RunDeviceRecord& d) {
  auto layout = run::layout_for_grid(d.grid_id);
  if (!layout)
    throw std::runtime_error("device " + d.serial_number + " has grid '" + d.grid_id +
                             "', unknown to this build");
  return *layout;
}

void write_out(const std::string& text) { std::fwrite(text.data(), 1, text.size(), stdout); }

std::string fmt(double v) {
  if (!std::isfinite(v)) return "";
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%.6g", v);
  return buf;
}

}  // namespace

int reanalyse_run(const std::string& db_path, std::int64_t run_id) {
  // Editing, not the daemon's opening: a run insoled is recording must stay open.
  auto db = store::open_for_editing(db_path);
  store::RunReader reader(*db);
  const auto run = reader.run(run_id);
  if (!run) throw std::runtime_error("no run " + std::to_string(run_id) + " in " + db_path);
  // A run left 'recording' is insoled's while a writer holds the file; with none, the writer
  // that recorded it died (SIGKILL): close it as interrupted, as insoled's next start would,
  // holding the writers' lock so no insoled starts meanwhile.
  std::unique_ptr<store::WriterLock> alone;
  if (run->status == "recording") {
    alone = store::WriterLock::try_exclusive(db_path);
    if (!alone) {
      throw std::runtime_error("run " + std::to_string(run_id) +
                               " is still being recorded by insoled; re-analyse it once it ends");
    }
    store::RunWriter(*db).finish(run_id, "interrupted");
    std::printf("run %lld was left recording by an insoled that stopped; marked interrupted\n",
                static_cast<long long>(run_id));
  }
  const run::StoredRunAnalysis analysis = run::analyse_stored_run(reader, run_id);
  const std::size_t before = reader.steps(run_id).size();
  store::RunWriter writer(*db);
  writer.replace_steps(run_id, analysis.steps);
  writer.replace_alerts(run_id, analysis.alerts);
  std::printf("run %lld re-analysed from %llu archived frames: %zu steps (before: %zu)\n",
              static_cast<long long>(run_id), static_cast<unsigned long long>(analysis.frames),
              analysis.steps.size(), before);
  return 0;
}

int export_run(const std::string& db_path, std::int64_t run_id, ExportWhat what,
               const std::string& format, const std::string& merge_path) {
  auto db = store::open_for_reading(db_path);
  store::RunReader reader(*db);
  if (!reader.run(run_id))
    throw std::runtime_error("no run " + std::to_string(run_id) + " in " + db_path);
  std::string out;
  if (what == ExportWhat::kLayout) {
    const auto devices = reader.devices(run_id);
    if (devices.empty())
      throw std::runtime_error("run " + std::to_string(run_id) + " has no devices");
    const an::Layout layout = layout_of(devices.front());
    nlohmann::json j = {{"name", layout.name},
                        {"foot_length_mm", layout.foot_length_mm},
                        {"foot_width_mm", layout.foot_width_mm},
                        {"sensels", nlohmann::json::array()}};
    for (const auto& s : layout.sensels) {
      j["sensels"].push_back({{"x_mm", s.x_mm}, {"y_mm", s.y_mm}, {"area_mm2", s.area_mm2}});
    }
    write_out(j.dump(2) + "\n");
    return 0;
  }
  if (what == ExportWhat::kFrames) {
    run::RunFrameStream frames(reader, run_id);
    std::size_t sensels = 0;
    for (const auto& d : frames.devices()) {
      if (sensels != 0 && d.sensel_count != sensels) {
        throw std::runtime_error(
            "the run's insoles have different grids; export each side's frames separately");
      }
      sensels = d.sensel_count;
    }
    out = "t_s,side";
    for (std::size_t i = 0; i < sensels; ++i) out += ",f" + std::to_string(i);
    out += "\n";
    run::RunFrame f;
    char buf[32];
    while (frames.next(f)) {
      std::snprintf(buf, sizeof(buf), "%.6f,%c", f.t_s, f.side);
      out += buf;
      for (float v : f.forces_n) {
        std::snprintf(buf, sizeof(buf), ",%.1f", static_cast<double>(v));
        out += buf;
      }
      out += "\n";
      if (out.size() > (1u << 20)) {  // stream large runs out in pieces
        write_out(out);
        out.clear();
      }
    }
    write_out(out);
    return 0;
  }
  if (format == "fit") {
    const auto activity = reports::fit_activity(*db, run_id);
    if (merge_path.empty()) {
      const std::vector<std::uint8_t> bytes = fit::activity_file(*activity);
      std::fwrite(bytes.data(), 1, bytes.size(), stdout);
      return 0;
    }
    const std::vector<std::uint8_t> watch = readers::read_fit_bytes(merge_path);
    fit::MergedFile merged;
    try {
      merged = fit::merge_into(watch, *activity);
    } catch (const fit::FitDecodeError& e) {
      throw std::runtime_error(merge_path + ": " + e.what());
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(merge_path + ": " + e.what());
    }
    if (merged.records_with_run == 0)
      throw std::runtime_error(merge_path + ": none of its " + std::to_string(merged.records) +
                               " records falls in run " + std::to_string(run_id) +
                               "; it is another run's file");
    std::fwrite(merged.bytes.data(), 1, merged.bytes.size(), stdout);
    std::fprintf(stderr, "insole figures added to %zu of the watch's %zu records\n",
                 merged.records_with_run, merged.records);
    return 0;
  }
  const auto rows = reader.steps(run_id);
  const auto steps = store::analysed_steps(rows);
  if (format == "json") {
    nlohmann::json j = {{"run", run_id}, {"steps", nlohmann::json::array()}};
    for (const auto& s : steps) j["steps"].push_back(step_json(s));
    j["summary"] = summary_json(an::summarize(steps, an::GaitConfig{}));
    write_out(j.dump(2) + "\n");
    return 0;
  }
  out =
      "side,contact_s,toe_off_s,contact_time_s,flight_time_s,strike_index,strike,flat_foot,"
      "pronation_index,cpei_pct,medial_fraction,pronation,peak_force_n,loading_rate_n_per_s,"
      "impulse_ns\n";
  for (const auto& r : rows) {
    out += std::string(1, r.side) + "," + fmt(r.contact_s) + "," + fmt(r.toe_off_s) + "," +
           fmt(r.toe_off_s - r.contact_s) + "," + fmt(r.flight_time_s) + "," + fmt(r.strike_index) +
           "," + r.strike + "," + (r.flat_foot < 0 ? "" : std::to_string(r.flat_foot)) + "," +
           fmt(r.pronation_index) + "," + fmt(r.cpei_pct) + "," + fmt(r.medial_fraction) + "," +
           r.pronation + "," + fmt(r.peak_force_n) + "," + fmt(r.loading_rate_n_per_s) + "," +
           fmt(r.impulse_ns) + "\n";
  }
  write_out(out);
  return 0;
}

int delete_run(const std::string& db_path, std::int64_t run_id) {
  auto db = store::open_for_editing(db_path);
  store::RunReader reader(*db);
  if (!reader.run(run_id)) {
    throw std::runtime_error("no run " + std::to_string(run_id) + " in " + db_path);
  }
  const std::size_t steps = reader.steps(run_id).size();
  const auto [bytes, frames] = reader.archive_size(run_id);
  store::RunWriter(*db).delete_run(run_id);
  std::printf("run %lld deleted: %zu steps and %lld raw frames (%lld KiB) erased\n",
              static_cast<long long>(run_id), steps, static_cast<long long>(frames),
              static_cast<long long>(bytes / 1024));
  return 0;
}

}  // namespace insole::ctl
