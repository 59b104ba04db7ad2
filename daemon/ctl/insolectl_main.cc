// insolectl: reads what insoled recorded.
//
//   insolectl [--db FILE] runs              [--json]
//   insolectl [--db FILE] runs delete RUN
//   insolectl [--db FILE] steps RUN [--side L|R] [--json]
//   insolectl [--db FILE] summary RUN|last  [--json]
//   insolectl [--db FILE] trends [--surface S] [--json]   (week by week; trends_command.h)
//   insolectl [--db FILE] reanalyse RUN|last
//   insolectl [--db FILE] export RUN|last [--format csv|json|fit] [--frames | --layout]
//   insolectl [--db FILE] shoes add --brand B --model M [--size EU] [--start DATE]
//                                    [--starting-km KM] [--notes TEXT]
//   insolectl [--db FILE] shoes list|show SHOE [--json]
//   insolectl [--db FILE] shoes retire SHOE [--date DATE]
//   insolectl [--db FILE] shoes assign RUN|last SHOE
//   insolectl [--db FILE] shoes unassign RUN|last
//   insolectl [--db FILE] set-run RUN [--distance-km KM|none] [--mass-kg KG|none]
//                                    [--surface road|track|trail|treadmill|none]
//   insolectl [--db FILE] import-watch RUN|last|auto FILE   (a watch's track; watch_commands.h)
//   insolectl analyze --layout LAYOUT.json RECORDING.csv [--json]   (see analyze_command.h)
//   insolectl status|live [--socket PATH] [--json]   (a running insoled; status_commands.h)
//   insolectl [--db FILE] doctor   (what to fix to use insole here; doctor_command.h)
//
// Human tables by default; --json prints one JSON document for scripts. The database defaults to
// $INSOLE_DB, else the user's $XDG_DATA_HOME/insole/insole.db (~/.local/share/insole/insole.db)
// when it exists, else the system service's (paths.h) when it exists, else the user's.
// Exit status: 0 ok, 1 database or lookup error, 2 bad arguments, 3 insoled is not running
// (status, live).
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis_output.h"
#include "analyze_command.h"
#include "doctor_command.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/paths/paths.h"
#include "insole/reports/analysis_json.h"
#include "insole/reports/late_run_words.h"
#include "insole/reports/pronation_baseline.h"
#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "insole/reports/training_load_words.h"
#include "insole/reports/trend_words.h"
#include "insole/reports/watch_import.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/step_rows.h"
#include "insole/store/watch_tracks.h"
#include "run_commands.h"
#include "shoe_commands.h"
#include "status_commands.h"
#include "time_text.h"
#include "trends_command.h"
#include "watch_commands.h"

namespace {

using insole::store::RunReader;
using nlohmann::json;

struct Options {
  std::string db_path;
  std::string command;
  std::vector<std::string> args;
  bool json = false;
  char side = 0;
  std::string format = "csv";  // export
  insole::ctl::ExportWhat what = insole::ctl::ExportWhat::kSteps;
  std::string surface;  // trends
  std::string merge;    // export --format fit --merge WATCH.fit
};

const std::string kUsage =
    "usage: insolectl [--db FILE] runs [--json]\n"
    "       insolectl [--db FILE] runs delete RUN\n"
    "       insolectl [--db FILE] steps RUN|last [--side L|R] [--json]\n"
    "       insolectl [--db FILE] summary RUN|last [--json]\n"
    "       insolectl [--db FILE] trends [--surface road|track|trail|treadmill] [--json]\n"
    "       insolectl [--db FILE] reanalyse RUN|last\n"
    "       insolectl [--db FILE] export RUN|last [--format csv|json|fit] [--frames | --layout]\n"
    "                 [--merge WATCH.fit]   (with --format fit: the watch's file plus insole's)\n"
    "       insolectl [--db FILE] shoes add --brand B --model M [--size EU] "
    "[--start YYYY-MM-DD] [--starting-km KM] [--notes TEXT]\n"
    "       insolectl [--db FILE] shoes list [--json]\n"
    "       insolectl [--db FILE] shoes show SHOE [--json]\n"
    "       insolectl [--db FILE] shoes retire SHOE [--date YYYY-MM-DD]\n"
    "       insolectl [--db FILE] shoes assign RUN|last SHOE\n"
    "       insolectl [--db FILE] shoes unassign RUN|last\n"
    "       insolectl [--db FILE] set-run RUN|last [--distance-km KM|none] [--mass-kg KG|none]\n"
    "                 [--surface road|track|trail|treadmill|none]\n"
    "       insolectl [--db FILE] import-watch RUN|last|auto WATCH.fit|.gpx|.tcx [--json]\n"
    "       insolectl analyze --layout LAYOUT.json RECORDING.csv [--json]\n"
    "       insolectl analyze --format gaitpdb FILE.txt [--json]\n"
    "       insolectl status [--socket PATH] [--json]\n"
    "       insolectl live [--socket PATH] [--count N] [--json]\n"
    "       insolectl [--db FILE] doctor\n"
    "       insolectl --help | --version\n"
    "The database is --db, else $INSOLE_DB, else $XDG_DATA_HOME/insole/insole.db\n"
    "(~/.local/share/insole/insole.db) if it exists, else the system service's\n" +
    std::string(insole::paths::kSystemDatabase) +
    " if it exists. Times are shown in local time ($TZ) with the zone.\n"
    "Exit status: 0 ok, 1 database or lookup error, 2 bad arguments, 3 insoled is not\n"
    "running (status, live).\n";

[[noreturn]] void usage(const std::string& message) {
  std::fprintf(stderr, "insolectl: %s\n%s", message.c_str(), kUsage.c_str());
  std::exit(2);
}

// --help anywhere: the usage on stdout, exit 0.
bool wants_help(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") return true;
  }
  return false;
}

std::string default_db() {
  if (const char* env = std::getenv("INSOLE_DB"); env && *env) return env;
  namespace paths = insole::paths;
  const auto choice =
      paths::client_database(paths::Environment::current(), [](const std::string& path) {
        std::error_code ec;
        return std::filesystem::exists(path, ec);
      });
  struct stat st {};
  if (!choice.exists && ::stat(paths::kSystemDatabase, &st) != 0 && errno == EACCES) {
    // The service's database is there but closed to this user: say so, not "no database".
    std::fprintf(stderr,
                 "insolectl: the insole service's database %s is closed to you: add yourself "
                 "to group %s (sudo adduser $USER %s, then log in again), or pass --db FILE\n",
                 paths::kSystemDatabase, paths::kGroup, paths::kGroup);
    std::exit(1);
  }
  return choice.path;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (o.command == "shoes" || o.command == "set-run") {  // their own options (shoe_commands.h)
      if (a == "--json") {
        o.json = true;
      } else {
        o.args.emplace_back(a);
      }
      continue;
    }
    if (a == "--db") {
      if (++i >= argc) usage("missing value for --db");
      o.db_path = argv[i];
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--side") {
      if (++i >= argc) usage("missing value for --side");
      const std::string_view s = argv[i];
      if (s != "L" && s != "R") usage("--side must be L or R");
      o.side = s.front();
    } else if (a == "--format") {
      if (++i >= argc) usage("missing value for --format");
      o.format = argv[i];
      if (o.format != "csv" && o.format != "json" && o.format != "fit")
        usage("--format must be csv, json or fit");
    } else if (a == "--surface") {
      if (++i >= argc) usage("missing value for --surface");
      o.surface = argv[i];
      if (std::find(insole::store::kSurfaces.begin(), insole::store::kSurfaces.end(), o.surface) ==
          insole::store::kSurfaces.end())
        usage("--surface must be road, track, trail or treadmill");
    } else if (a == "--merge") {
      if (++i >= argc) usage("missing value for --merge");
      o.merge = argv[i];
    } else if (a == "--frames") {
      o.what = insole::ctl::ExportWhat::kFrames;
    } else if (a == "--layout") {
      o.what = insole::ctl::ExportWhat::kLayout;
    } else if (!a.empty() && a.front() == '-') {
      usage("unknown option " + std::string(a));
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      o.args.emplace_back(a);
    }
  }
  if (o.command.empty()) usage("no command given");
  // These read no database: they must come first ("insolectl status", not "--db X status").
  if (o.command == "status" || o.command == "live" || o.command == "analyze")
    usage(o.command + " takes no --db and must be the first argument (insolectl " + o.command +
          " ...)");
  if (o.db_path.empty()) o.db_path = default_db();
  return o;
}

std::int64_t run_id_arg(const Options& o, RunReader& reader) {
  if (o.args.size() != 1) usage(o.command + " needs one RUN id (or 'last')");
  if (o.args[0] == "last") {
    const auto runs = reader.runs();
    if (runs.empty()) throw std::runtime_error("no runs recorded in " + o.db_path);
    return runs.back().id;
  }
  char* end = nullptr;
  const long long id = std::strtoll(o.args[0].c_str(), &end, 10);
  if (*end != '\0' || id <= 0) usage("RUN must be a positive run id or 'last'");
  return id;
}

json run_json(const insole::store::RunRecord& r) {
  return {{"id", r.id},
          {"started_at", r.started_at ? json(*r.started_at) : json(nullptr)},  // null: unknown
          {"ended_at", r.ended_at.empty() ? json(nullptr) : json(r.ended_at)},
          {"truncated", r.truncated},
          {"status", r.status},
          {"sample_rate_hz", r.sample_rate_hz},
          {"steps", {{"L", r.steps_left}, {"R", r.steps_right}}},
          {"duration_s", r.duration_s},
          {"recording_span_s", r.recording_span_s ? json(*r.recording_span_s) : json(nullptr)},
          {"shoe", r.shoe_id ? json(r.shoe_id) : json(nullptr)},
          {"surface", r.surface.empty() ? json(nullptr) : json(r.surface)}};
}

// A run left 'recording' while no insoled writes the file was left by one that died (SIGKILL):
// it is interrupted, pending being marked so by the next insoled (or `reanalyse`). insolectl
// opens the file read-only, so it says so rather than changing it.
std::string shown_status(const std::string& status, const std::string& db_path) {
  if (status == "recording" && !insole::store::writer_active(db_path)) return "interrupted-pending";
  return status;
}

int cmd_runs(const Options& o, insole::store::Connection& db, RunReader& reader) {
  auto runs = reader.runs();
  for (auto& r : runs) r.status = shown_status(r.status, o.db_path);
  const auto calibration = insole::reports::runner_calibration(db);
  if (o.json) {
    json out = json::array();
    for (const auto& r : runs) {
      json j = run_json(r);
      j["distance"] =
          insole::reports::run_distance_json(insole::reports::run_distance(db, calibration, r.id));
      out.push_back(j);
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  // RAN: first contact to last toe-off; RECORDED: the raw span, waits before and after included.
  std::printf("%5s  %-26s  %8s  %8s  %-19s  %5s  %7s  %7s  %s\n", "RUN", "STARTED", "RAN s",
              "RECORDED", "STATUS", "HZ", "STEPS L", "STEPS R", "DISTANCE");
  for (const auto& r : runs) {
    char span[32] = "-";
    if (r.recording_span_s) std::snprintf(span, sizeof(span), "%.1f s", *r.recording_span_s);
    const auto d = insole::reports::run_distance(db, calibration, r.id);
    char distance[64] = "-";
    if (d.source != "none") {
      std::snprintf(distance, sizeof(distance), "%.2f km (%s)", d.distance_m / 1000,
                    d.source == "measured"           ? "measured"
                    : d.source == "calibrated_model" ? "model, calibrated"
                                                     : "model, uncalibrated");
    }
    std::printf("%5lld  %-26s  %8.1f  %8s  %-19s  %5lld  %7lld  %7lld  %s\n",
                static_cast<long long>(r.id),
                r.started_at ? insole::ctl::local_time(*r.started_at).c_str() : "date unknown",
                r.duration_s, span, r.status.c_str(), static_cast<long long>(r.sample_rate_hz),
                static_cast<long long>(r.steps_left), static_cast<long long>(r.steps_right),
                (std::string(distance) + (r.surface.empty() ? "" : ", on " + r.surface)).c_str());
    if (r.truncated)
      std::printf("%5s  run %lld was cut: insole memory full\n", "", static_cast<long long>(r.id));
  }
  if (runs.empty()) std::printf("(no runs recorded yet)\n");
  return 0;
}

int cmd_steps(const Options& o, RunReader& reader) {
  const std::int64_t id = run_id_arg(o, reader);
  if (!reader.run(id))
    throw std::runtime_error("no run " + std::to_string(id) + " in " + o.db_path);
  const auto steps = reader.steps(id, o.side);
  if (o.json) {
    json out = json::array();
    for (const auto& s : steps) {
      out.push_back({{"side", std::string(1, s.side)},
                     {"contact_s", s.contact_s},
                     {"toe_off_s", s.toe_off_s},
                     {"contact_time_s", s.toe_off_s - s.contact_s},
                     {"peak_force_n", s.peak_force_n},
                     {"impulse_ns", s.impulse_ns},
                     {"loading_rate_n_per_s", s.loading_rate_n_per_s},
                     {"strike", s.strike.empty() ? json(nullptr) : json(s.strike)},
                     {"flat_foot", s.flat_foot < 0 ? json(nullptr) : json(s.flat_foot == 1)},
                     {"pronation", s.pronation.empty() ? json(nullptr) : json(s.pronation)},
                     {"pronation_index", insole::reports::number(s.pronation_index)}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  // Strike and pronation per step ("-" for steps stored before the analysis had them).
  std::printf("%4s  %9s  %9s  %8s  %9s  %9s  %11s  %-8s  %4s  %-9s  %6s\n", "SIDE", "CONTACT s",
              "TOE-OFF s", "CONT. ms", "PEAK N", "IMP. N·s", "LOAD N/s", "STRIKE", "FLAT",
              "PRONATION", "INDEX");
  for (const auto& s : steps) {
    char index[16] = "-";
    if (std::isfinite(s.pronation_index)) {
      std::snprintf(index, sizeof(index), "%.1f", s.pronation_index);
    }
    std::printf("%4c  %9.3f  %9.3f  %8.1f  %9.1f  %9.1f  %11.0f  %-8s  %4s  %-9s  %6s\n", s.side,
                s.contact_s, s.toe_off_s, (s.toe_off_s - s.contact_s) * 1000.0, s.peak_force_n,
                s.impulse_ns, s.loading_rate_n_per_s, s.strike.empty() ? "-" : s.strike.c_str(),
                s.flat_foot < 0 ? "-"
                : s.flat_foot   ? "yes"
                                : "no",
                s.pronation.empty() ? "-" : s.pronation.c_str(), index);
  }
  return 0;
}

int cmd_summary(const Options& o, insole::store::Connection& db, RunReader& reader) {
  const std::int64_t id = run_id_arg(o, reader);
  auto summary = reader.summary(id);
  if (!summary) throw std::runtime_error("no run " + std::to_string(id) + " in " + o.db_path);
  summary->run.status = shown_status(summary->run.status, o.db_path);
  const auto rows = reader.steps(id);
  const auto steps = insole::store::analysed_steps(rows);
  const auto gait = insole::analysis::summarize(steps, insole::analysis::GaitConfig{});
  // Cadence from every step's timing, analysed or recorded before the analysis existed.
  std::vector<insole::analysis::Step> timing(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    timing[i].side =
        rows[i].side == 'L' ? insole::analysis::Side::kLeft : insole::analysis::Side::kRight;
    timing[i].contact_s = rows[i].contact_s;
  }
  const double cadence = insole::analysis::cadence_spm(timing);
  // The shoe as it stands now: its distance and wear verdict, a finding when worn or nearly.
  const auto shoe = insole::reports::run_shoe(db, summary->run.shoe_id);
  const auto calibration = insole::reports::runner_calibration(db);
  const auto distance = insole::reports::run_distance(db, calibration, id);
  const auto baseline = insole::reports::pronation_baseline(db, id);
  std::vector<insole::store::AlertRecord> extra;
  if (shoe) {
    if (auto finding = insole::reports::shoe_finding(*shoe)) extra.push_back(*finding);
  }
  const auto history = insole::reports::digested_runs(db);
  if (auto spike = insole::reports::load_spike_finding(history, calibration, id))
    extra.push_back(*spike);
  if (auto coaching = insole::reports::cadence_coaching_finding(history, calibration, id))
    extra.push_back(*coaching);
  const auto watch = insole::store::WatchTracks(db).of_run(summary->run.id);
  if (auto late = insole::reports::late_run_finding(insole::analysis::late_run_form(
          steps, insole::reports::run_speed(watch, summary->run.started_at))))
    extra.push_back(*late);
  if (o.json) {
    json sides = json::object();
    for (const auto& s : summary->sides) {
      sides[std::string(1, s.side)] = {
          {"serial_number", s.serial_number},
          {"steps", s.steps},
          {"mean_contact_time_s", s.mean_contact_time_s},
          {"mean_peak_force_n", s.mean_peak_force_n},
          {"mean_impulse_ns", s.mean_impulse_ns},
          {"mean_loading_rate_n_per_s", s.mean_loading_rate_n_per_s},
          {"recording_end", s.recording_end.empty() ? json(nullptr) : json(s.recording_end)},
          {"link",
           {{"frames", s.link.frames},
            {"crc_errors", s.link.crc_errors},
            {"malformed", s.link.malformed},
            {"sequence_gaps", s.link.sequence_gaps},
            {"frames_lost", s.link.frames_lost},
            {"frames_lost_link", s.link.frames_lost - s.link.frames_lost_restart},
            {"frames_lost_restart", s.link.frames_lost_restart},
            {"restarts", s.link.restarts}}}};
    }
    for (const char side : {'L', 'R'})  // a foot that was not recorded: null, not zeros
      if (!sides.contains(std::string(1, side))) sides[std::string(1, side)] = nullptr;
    json out = run_json(summary->run);
    out["duration_s"] = summary->duration_s;  // first contact to last toe-off
    out["cadence_spm"] = cadence > 0 ? nlohmann::json(cadence) : nlohmann::json(nullptr);
    out["sides"] = sides;
    out["shoe"] = shoe ? insole::reports::run_shoe_json(*shoe) : json(nullptr);
    out["distance"] = insole::reports::run_distance_json(distance);
    out["watch"] = insole::reports::watch_track_json(watch);
    if (!steps.empty()) {
      out["analysis"] = insole::ctl::summary_json(gait, baseline);
      for (const auto& a : extra) {
        out["analysis"]["alerts"].push_back({{"code", a.code},
                                             {"side", a.side},
                                             {"metric", a.metric},
                                             {"finding", a.finding},
                                             {"advice", a.advice}});
      }
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const auto& r = summary->run;
  std::printf("Run %lld  %s  (%s, %lld Hz)\n", static_cast<long long>(r.id),
              r.started_at ? insole::ctl::local_time(*r.started_at).c_str() : "date unknown",
              r.status.c_str(), static_cast<long long>(r.sample_rate_hz));
  if (!r.started_at)
    std::printf(
        "  date unknown: recorded on the insole in a boot no PC saw (it was switched off\n"
        "  before it next met insoled), so when it was run cannot be known\n");
  for (const auto& s : summary->sides)
    if (const auto note = insole::reports::recording_end_text(s.recording_end, s.recorded_s))
      std::printf("  %c: %s\n", s.side, note->c_str());
  std::printf("  ran %.1f s (first contact to last toe-off)", summary->duration_s);
  if (r.recording_span_s) std::printf(", recorded over %.1f s", *r.recording_span_s);
  std::printf(", %s\n", insole::reports::cadence_text(cadence).c_str());
  std::printf("  distance %s\n", insole::reports::run_distance_text(distance, id).c_str());
  if (watch) {
    std::printf("  watch track %s (%s): %.0f %% of the run, starts %+.0f s from the first step\n",
                watch->file_name.c_str(), watch->format.c_str(), watch->coverage * 100,
                watch->start_offset_s);
  }
  if (!summary->run.surface.empty()) std::printf("  surface  %s\n", summary->run.surface.c_str());
  if (shoe) {
    std::printf("  shoe %s %s, %s in them: %s\n", shoe->shoe.brand.c_str(),
                shoe->shoe.model.c_str(), insole::reports::km_text(shoe->wear.distance_km).c_str(),
                shoe->wear.message.c_str());
  } else {
    std::printf("  shoe: none assigned (insolectl shoes assign %lld SHOE)\n",
                static_cast<long long>(summary->run.id));
  }
  std::printf("\n");
  std::printf("  %-4s  %-12s  %5s  %10s  %8s  %9s  %10s  %8s  %6s  %6s\n", "SIDE", "INSOLE",
              "STEPS", "CONTACT ms", "PEAK N", "IMP. N·s", "LOAD kN/s", "FRAMES", "CRC", "LOST");
  for (const auto& s : summary->sides) {
    std::printf("  %-4c  %-12s  %5lld  %10.0f  %8.0f  %9.1f  %10.1f  %8llu  %6llu  %6llu\n", s.side,
                s.serial_number.c_str(), static_cast<long long>(s.steps),
                s.mean_contact_time_s * 1000.0, s.mean_peak_force_n, s.mean_impulse_ns,
                s.mean_loading_rate_n_per_s / 1000.0,
                static_cast<unsigned long long>(s.link.frames),
                static_cast<unsigned long long>(s.link.crc_errors),
                static_cast<unsigned long long>(s.link.frames_lost));
  }
  for (const auto& s : summary->sides) {  // every lost frame, with why
    if (s.link.frames_lost == 0) continue;
    std::printf("  %c lost %llu frames: %llu on the link, %llu to %llu insole restart%s\n", s.side,
                static_cast<unsigned long long>(s.link.frames_lost),
                static_cast<unsigned long long>(s.link.frames_lost - s.link.frames_lost_restart),
                static_cast<unsigned long long>(s.link.frames_lost_restart),
                static_cast<unsigned long long>(s.link.restarts), s.link.restarts == 1 ? "" : "s");
  }
  for (const char side : {'L', 'R'}) {
    const bool present = std::any_of(summary->sides.begin(), summary->sides.end(),
                                     [side](const auto& s) { return s.side == side; });
    if (!present) std::printf("  %-4c  %-12s  no data\n", side, "(not recorded)");
  }
  if (!steps.empty()) std::printf("\n%s", insole::ctl::human_report(gait, extra, baseline).c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (wants_help(argc, argv)) {
    std::fputs(kUsage.c_str(), stdout);
    return 0;
  }
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::printf("insolectl %s\n", insole::paths::kVersion);
    return 0;
  }
  if (argc >= 2 && std::string_view(argv[1]) == "analyze") {
    return insole::ctl::run_analyze(std::vector<std::string>(argv + 2, argv + argc));
  }
  if (argc >= 2 && (std::string_view(argv[1]) == "status" || std::string_view(argv[1]) == "live")) {
    return insole::ctl::run_status_command(argv[1],
                                           std::vector<std::string>(argv + 2, argv + argc));
  }
  // doctor takes its database only when given (--db or $INSOLE_DB); otherwise it shows the choice.
  if (argc >= 2 && std::string_view(argv[1]) == "doctor") {
    const char* env = std::getenv("INSOLE_DB");
    return insole::ctl::run_doctor(env ? env : "", std::vector<std::string>(argv + 2, argv + argc));
  }
  if (argc >= 4 && std::string_view(argv[1]) == "--db" && std::string_view(argv[3]) == "doctor")
    return insole::ctl::run_doctor(argv[2], std::vector<std::string>(argv + 4, argv + argc));
  const Options o = parse(argc, argv);
  try {
    if (o.command == "shoes" || o.command == "set-run" || o.command == "import-watch") {
      try {
        if (o.command == "shoes") return insole::ctl::run_shoes(o.db_path, o.args, o.json);
        if (o.command == "import-watch")
          return insole::ctl::import_watch(o.db_path, o.args, o.json);
        return insole::ctl::run_set_run(o.db_path, o.args, o.json);
      } catch (const std::invalid_argument& e) {
        usage(e.what());
      }
    }
    if (o.command == "reanalyse" || o.command == "export") {
      std::int64_t id = 0;
      {
        auto db = insole::store::open_for_reading(o.db_path);
        RunReader reader(*db);
        id = run_id_arg(o, reader);
      }
      if (o.command == "reanalyse") return insole::ctl::reanalyse_run(o.db_path, id);
      if (o.format == "fit" && o.what != insole::ctl::ExportWhat::kSteps)
        usage("--format fit is the run itself; it takes no --frames or --layout");
      if (o.format == "fit" && isatty(STDOUT_FILENO))
        usage(
            "a FIT file is binary: send it to a file (insolectl export RUN --format fit > "
            "run.fit)");
      if (!o.merge.empty() && o.format != "fit") usage("--merge WATCH.fit goes with --format fit");
      return insole::ctl::export_run(o.db_path, id, o.what, o.format, o.merge);
    }
    if (o.command == "runs" && !o.args.empty()) {
      if (o.args[0] != "delete") {
        usage("unknown runs command '" + o.args[0] + "' (runs [--json] | runs delete RUN)");
      }
      if (o.args.size() != 2) usage("runs delete needs one RUN id");
      char* end = nullptr;
      const long long id = std::strtoll(o.args[1].c_str(), &end, 10);
      if (o.args[1].empty() || *end != '\0' || id <= 0) usage("RUN must be a positive run id");
      return insole::ctl::delete_run(o.db_path, id);
    }
    auto db = insole::store::open_for_reading(o.db_path);
    RunReader reader(*db);
    if (o.command == "runs") return cmd_runs(o, *db, reader);
    if (o.command == "steps") return cmd_steps(o, reader);
    if (o.command == "summary") return cmd_summary(o, *db, reader);
    if (o.command == "trends") {
      if (!o.args.empty()) usage("trends takes no arguments");
      return insole::ctl::run_trends(*db, o.json, o.surface);
    }
    usage("unknown command " + o.command);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "insolectl: %s\n", e.what());
    return 1;
  }
}
