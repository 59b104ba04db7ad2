#include "analyze_command.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "analysis_output.h"
#include "insole/analysis/gait_analyzer.h"
#include "insole/readers/readers.h"

namespace insole::ctl {
namespace {

using nlohmann::json;
namespace an = insole::analysis;

struct AnalyzeOptions {
  std::string layout_path;
  std::string recording_path;
  std::string format = "csv";
  bool json = false;
  double band_pct = 5.0;
};

constexpr const char* kUsage =
    "usage: insolectl analyze --layout LAYOUT.json RECORDING.csv [--json] [--asymmetry-band PCT]\n"
    "       insolectl analyze --format gaitpdb FILE.txt [--json] [--asymmetry-band PCT]\n";

int usage_error(const std::string& message) {
  std::fprintf(stderr, "insolectl analyze: %s\n%s", message.c_str(), kUsage);
  return 2;
}

std::optional<AnalyzeOptions> parse(const std::vector<std::string>& args, int& status) {
  AnalyzeOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> std::optional<std::string> {
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    if (a == "--layout") {
      auto v = value();
      if (!v) return status = usage_error("missing value for --layout"), std::nullopt;
      o.layout_path = *v;
    } else if (a == "--format") {
      auto v = value();
      if (!v || (*v != "csv" && *v != "gaitpdb")) {
        return status = usage_error("--format must be csv or gaitpdb"), std::nullopt;
      }
      o.format = *v;
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "--asymmetry-band") {
      auto v = value();
      char* end = nullptr;
      if (!v || (o.band_pct = std::strtod(v->c_str(), &end), *end != '\0') || o.band_pct < 0) {
        return status = usage_error("--asymmetry-band needs a percentage >= 0"), std::nullopt;
      }
    } else if (!a.empty() && a[0] == '-') {
      return status = usage_error("unknown option " + a), std::nullopt;
    } else if (o.recording_path.empty()) {
      o.recording_path = a;
    } else {
      return status = usage_error("more than one recording given"), std::nullopt;
    }
  }
  if (o.recording_path.empty()) return status = usage_error("no recording given"), std::nullopt;
  if (o.format == "csv" && o.layout_path.empty()) {
    return status = usage_error("--layout is required for CSV recordings"), std::nullopt;
  }
  return o;
}

// Opens a file named on the command line; a directory or an unreadable path is an InputError
// (an ifstream "opens" a directory and then reads nothing, which looked like an empty file).
void open_input(std::ifstream& in, const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw readers::InputError(path + ": is a directory, not a file");
  }
  in.open(path, std::ios::binary);
  if (!in) throw readers::InputError("cannot open " + path + ": " + std::strerror(errno));
}

// What was read, for the "no steps found" error.
struct Extent {
  std::size_t first_line = 0, last_line = 0, rows = 0;
  double first_t = 0, last_t = 0;
  void add(std::size_t line, double t) {
    if (rows++ == 0) first_line = line, first_t = t;
    first_t = std::min(first_t, t);
    last_line = line;
    last_t = std::max(last_t, t);
  }
};

[[noreturn]] void no_steps(const std::string& path, const Extent& e, const an::GaitConfig& c) {
  char what[320];
  std::snprintf(what, sizeof(what),
                " lines %zu-%zu: no steps found in %zu rows over %.1f s: no foot contact above "
                "%.0f N lasting %.2f-%.1f s with a peak of %.0f N (are the forces in newtons, "
                "and is this a recording of walking or running?)",
                e.first_line, e.last_line, e.rows, e.last_t - e.first_t, c.foot.threshold_n,
                c.foot.min_contact_s, c.foot.max_contact_s, c.foot.min_peak_n);
  throw readers::InputError(path + what);
}

}  // namespace

int run_analyze(const std::vector<std::string>& args) {
  int status = 0;
  const auto opt = parse(args, status);
  if (!opt) return status;
  try {
    an::Layout layout;
    if (opt->format == "gaitpdb") {
      layout = readers::gaitpdb_layout();
    } else {
      std::ifstream lay;
      open_input(lay, opt->layout_path);
      layout = readers::read_layout_json(lay, opt->layout_path);
    }
    std::ifstream rec;
    open_input(rec, opt->recording_path);
    an::GaitConfig config;
    config.asymmetry_band_pct = opt->band_pct;
    an::GaitAnalyzer analyzer(layout, config);
    // Frames go into the analysis as they are read: memory holds one line and the steps found,
    // never the recording.
    readers::Row a, b;
    Extent extent;
    if (opt->format == "gaitpdb") {
      readers::GaitpdbReader reader(rec, opt->recording_path);
      while (reader.next(a, b)) {
        extent.add(reader.line(), a.t_s);
        analyzer.push(a.side, a.t_s, a.forces_n);
        analyzer.push(b.side, b.t_s, b.forces_n);
      }
    } else {
      readers::CsvRecordingReader reader(rec, opt->recording_path, layout.sensels.size());
      while (reader.next(a)) {
        extent.add(reader.line(), a.t_s);
        analyzer.push(a.side, a.t_s, a.forces_n);
      }
    }
    if (analyzer.steps().empty()) no_steps(opt->recording_path, extent, config);
    // Everything read: only now write, so bad input never leaves partial output.
    const an::GaitSummary summary = analyzer.summary();
    if (opt->json) {
      for (const auto& s : analyzer.steps()) {
        const std::string line = step_json(s).dump() + "\n";
        std::fwrite(line.data(), 1, line.size(), stdout);
      }
      const std::string line = summary_json(summary).dump() + "\n";
      std::fwrite(line.data(), 1, line.size(), stdout);
    } else {
      const std::string out = human_report(summary);
      std::fwrite(out.data(), 1, out.size(), stdout);
    }
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "insolectl analyze: %s\n", e.what());
    return 1;
  }
}

}  // namespace insole::ctl
