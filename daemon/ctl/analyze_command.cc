#include "analyze_command.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "insole/analysis/gait_analyzer.h"
#include "insole/recording/readers.h"

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

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json step_json(const an::Step& s) {
  return {{"type", "step"},
          {"side", std::string(an::name(s.side))},
          {"contact_s", s.contact_s},
          {"toe_off_s", s.toe_off_s},
          {"contact_time_s", s.contact_time_s()},
          {"flight_time_s", s.flight_time_s},
          {"strike_index", number(s.strike_index)},
          {"strike", std::string(an::name(s.strike))},
          {"flat_foot", s.flat_foot},
          {"heel_to_forefoot_s", number(s.heel_to_forefoot_s)},
          {"pronation_index", number(s.pronation_index)},
          {"cpei_pct", number(s.cpei_pct)},
          {"medial_fraction", number(s.medial_fraction)},
          {"pronation", std::string(an::name(s.pronation))},
          {"peak_force_n", s.peak_force_n},
          {"loading_rate_n_per_s", s.loading_rate_n_per_s},
          {"impulse_ns", s.impulse_ns}};
}

json summary_json(const an::GaitSummary& g) {
  json out = {{"type", "summary"},
              {"steps", {{"L", g.feet[0].steps}, {"R", g.feet[1].steps}}},
              {"cadence_spm", g.cadence_spm},
              {"mean_flight_time_s", g.mean_flight_time_s},
              {"strike",
               {{"L", std::string(an::name(g.feet[0].strike))},
                {"R", std::string(an::name(g.feet[1].strike))}}},
              {"flat_foot_fraction",
               {{"L", g.feet[0].flat_foot_fraction}, {"R", g.feet[1].flat_foot_fraction}}},
              {"pronation",
               {{"L", std::string(an::name(g.feet[0].pronation))},
                {"R", std::string(an::name(g.feet[1].pronation))}}},
              {"pronation_index",
               {{"L", number(g.feet[0].pronation_index_median)},
                {"R", number(g.feet[1].pronation_index_median)}}}};
  json asym = json::object();
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    asym[std::string(an::name(an::kAsymmetryMetrics[m]))] = {
        {"si_pct", number(a.si_pct)},
        {"ci95", {number(a.ci_low_pct), number(a.ci_high_pct)}},
        {"flagged", a.flagged}};
  }
  out["asymmetry"] = asym;
  json alerts = json::array();
  for (const auto& a : g.alerts) {
    alerts.push_back({{"code", a.code},
                      {"side", a.side},
                      {"metric", a.metric},
                      {"finding", a.finding},
                      {"advice", a.advice}});
  }
  out["alerts"] = alerts;
  return out;
}

std::string human_report(const an::GaitSummary& g) {
  std::ostringstream o;
  char line[256];
  std::snprintf(line, sizeof(line), "steps L %zu, R %zu; cadence %.0f steps/min\n\n",
                g.feet[0].steps, g.feet[1].steps, g.cadence_spm);
  o << line;
  o << "        strike     flat   pronation (index)   contact ms   peak N   load kN/s\n";
  for (int f = 0; f < 2; ++f) {
    const auto& s = g.feet[static_cast<std::size_t>(f)];
    std::snprintf(
        line, sizeof(line), "  %s     %-9s  %3.0f%%   %-7s (%5.1f)     %7.0f   %6.0f   %7.1f\n",
        f == 0 ? "L" : "R", std::string(an::name(s.strike)).c_str(), 100 * s.flat_foot_fraction,
        std::string(an::name(s.pronation)).c_str(), s.pronation_index_median,
        1000 * s.mean_contact_time_s, s.mean_peak_force_n, s.mean_loading_rate_n_per_s / 1000);
    o << line;
  }
  o << "\nasymmetry (R vs L)   SI %    95% CI\n";
  for (std::size_t m = 0; m < an::kAsymmetryMetrics.size(); ++m) {
    const auto& a = g.asymmetry[m];
    std::snprintf(line, sizeof(line), "  %-16s %6.1f   [%5.1f, %5.1f]%s\n",
                  std::string(an::name(an::kAsymmetryMetrics[m])).c_str(), a.si_pct, a.ci_low_pct,
                  a.ci_high_pct, a.flagged ? "  <- imbalance" : "");
    o << line;
  }
  for (const auto& a : g.alerts) o << "\n* " << a.finding << "\n  " << a.advice << "\n";
  if (g.alerts.empty()) o << "\nNo findings: nothing to change.\n";
  return o.str();
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
    if (!rec) throw recording::InputError("cannot open " + opt->recording_path);
    an::Layout layout;
    if (opt->format == "gaitpdb") {
      layout = recording::gaitpdb_layout();
    } else {
      std::ifstream lay(opt->layout_path);
      if (!lay) throw recording::InputError("cannot open " + opt->layout_path);
      layout = recording::read_layout_json(lay, opt->layout_path);
    }
    an::GaitConfig config;
    config.asymmetry_band_pct = opt->band_pct;
    an::GaitAnalyzer analyzer(layout, config);
    recording::Row a, b;
    if (opt->format == "gaitpdb") {
      recording::GaitpdbReader reader(rec, opt->recording_path);
      while (reader.next(a, b)) {
        analyzer.push(a.side, a.t_s, a.forces_n);
        analyzer.push(b.side, b.t_s, b.forces_n);
      }
    } else {
      recording::CsvRecordingReader reader(rec, opt->recording_path, layout.sensels.size());
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
