#include "analyze_command.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
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

}  // namespace

int run_analyze(const std::vector<std::string>& args) {
  int status = 0;
  const auto opt = parse(args, status);
  if (!opt) return status;
  try {
    std::ifstream rec(opt->recording_path);
    if (!rec) throw readers::InputError("cannot open " + opt->recording_path);
    an::Layout layout;
    if (opt->format == "gaitpdb") {
      layout = readers::gaitpdb_layout();
    } else {
      std::ifstream lay(opt->layout_path);
      if (!lay) throw readers::InputError("cannot open " + opt->layout_path);
      layout = readers::read_layout_json(lay, opt->layout_path);
    }
    an::GaitConfig config;
    config.asymmetry_band_pct = opt->band_pct;
    an::GaitAnalyzer analyzer(layout, config);
    readers::Row a, b;
    if (opt->format == "gaitpdb") {
      readers::GaitpdbReader reader(rec, opt->recording_path);
      while (reader.next(a, b)) {
        analyzer.push(a.side, a.t_s, a.forces_n);
        analyzer.push(b.side, b.t_s, b.forces_n);
      }
    } else {
      readers::CsvRecordingReader reader(rec, opt->recording_path, layout.sensels.size());
      while (reader.next(a)) analyzer.push(a.side, a.t_s, a.forces_n);
    }
    // Everything read: only now write, so bad input never leaves partial output.
    const an::GaitSummary summary = analyzer.summary();
    std::string out;
    if (opt->json) {
      for (const auto& s : analyzer.steps()) out += step_json(s).dump() + "\n";
      out += summary_json(summary).dump() + "\n";
    } else {
      out = human_report(summary);
    }
    std::fwrite(out.data(), 1, out.size(), stdout);
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "insolectl analyze: %s\n", e.what());
    return 1;
  }
}

}  // namespace insole::ctl
