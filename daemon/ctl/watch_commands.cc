#include "watch_commands.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "insole/readers/watch_track.h"
#include "insole/reports/analysis_json.h"
#include "insole/reports/watch_import.h"
#include "insole/store/run_reader.h"
#include "insole/store/schema.h"

namespace insole::ctl {

namespace {

std::string minutes(double s) {
  const long t = std::lround(s);
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%ld:%02ld", t / 60, t % 60);
  return buf;
}

std::string offset_words(double offset_s) {
  const long s = std::lround(std::abs(offset_s));
  if (s == 0) return "the watch and the insoles started together";
  return "the watch's track starts " + minutes(static_cast<double>(s)) + " min " +
         (offset_s < 0 ? "before" : "after") + " the first step";
}

// What the clock check found, in words.
std::string clock_words(const reports::ClockCheck& c) {
  if (!c.watch_has_cadence) return "watch clock not checked: the file has no cadence";
  char text[200];
  switch (c.offset.result) {
    case analysis::ClockOffsetResult::kTooShort:
      return "watch clock not checked: too little of the run overlaps";
    case analysis::ClockOffsetResult::kTooSteady:
      return "watch clock not checked: one steady cadence gives nothing to line up";
    case analysis::ClockOffsetResult::kNoClearPeak:
      return "watch clock not checked: its cadence does not line up clearly with the steps";
    case analysis::ClockOffsetResult::kMeasured:
      break;
  }
  const double s = c.offset.offset_s;
  if (!c.applied) {
    std::snprintf(text, sizeof text,
                  "watch clock agrees with the insoles' (within %.0f s; cadence lined up, "
                  "r = %.2f)",
                  reports::kClockApplyS, c.offset.correlation);
  } else {
    std::snprintf(text, sizeof text,
                  "watch clock %.1f s %s the insoles' (cadence lined up, r = %.2f): its track "
                  "was moved onto the run's clock",
                  std::abs(s), s > 0 ? "ahead of" : "behind", c.offset.correlation);
  }
  return text;
}

}  // namespace

int import_watch(const std::string& db_path, const std::vector<std::string>& args, bool json) {
  if (args.size() != 2)
    throw std::invalid_argument("import-watch needs RUN|last|auto and a FILE (.fit, .gpx, .tcx)");
  const readers::WatchTrack track = readers::read_watch_track(args[1]);
  auto db = store::open_for_editing(db_path);
  std::optional<std::int64_t> run_id;
  if (args[0] == "last") {
    const auto runs = store::RunReader(*db).runs(store::RunReader::StepCounts::kLeftOut);
    if (runs.empty()) throw std::runtime_error("no runs recorded in " + db_path);
    run_id = runs.back().id;
  } else if (args[0] != "auto") {
    char* end = nullptr;
    const long long id = std::strtoll(args[0].c_str(), &end, 10);
    if (args[0].empty() || *end != '\0' || id <= 0)
      throw std::invalid_argument("RUN must be a positive run id, 'last' or 'auto'");
    run_id = id;
  }
  const reports::WatchImport done = reports::import_watch(*db, track, args[1], run_id);
  const store::WatchTrackRecord& t = done.track;
  if (json) {
    nlohmann::json out = {
        {"run", t.run_id},
        {"file", t.file_name},
        {"format", t.format},
        {"points", track.points.size()},
        {"samples", t.samples.size()},
        {"overlap_s", t.overlap_s},
        {"coverage", t.coverage},
        {"start_offset_s", t.start_offset_s},
        {"distance_m", reports::number(t.distance_m)},
        {"run_distance_m", done.run_distance_m ? nlohmann::json(*done.run_distance_m) : nullptr},
        {"distance_note",
         done.distance_note.empty() ? nlohmann::json(nullptr) : nlohmann::json(done.distance_note)},
        {"clock",
         {{"result", reports::clock_result_name(done.clock)},
          {"offset_s", reports::number(done.clock.offset.offset_s)},
          {"correlation", reports::number(done.clock.offset.correlation)},
          {"applied", done.clock.applied}}}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::printf("attached %s (%s, %zu points) to run %lld\n", t.file_name.c_str(), t.format.c_str(),
              track.points.size(), static_cast<long long>(t.run_id));
  std::printf("  overlap %s min, %ld %% of the run; %s\n", minutes(t.overlap_s).c_str(),
              std::lround(t.coverage * 100), offset_words(t.start_offset_s).c_str());
  std::printf("  %s\n", clock_words(done.clock).c_str());
  if (done.run_distance_m) {
    std::printf("  distance %.2f km is now the run's measured distance\n",
                *done.run_distance_m / 1000);
  } else {
    std::printf("  distance not used: %s\n", done.distance_note.c_str());
  }
  return 0;
}

}  // namespace insole::ctl
