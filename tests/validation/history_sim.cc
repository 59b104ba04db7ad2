// insole_history: a runner's weeks of running (hw/sim/history.h) simulated run by run through
// the sensor read-out and the gait analysis into a real SQLite database, as insoled would have
// recorded them, with the plan's truth beside it.
//
//   insole_history write --db FILE [--story twelve-weeks|unchanged|slower-weeks] [--weeks N]
//                        [--seed N] [--rate HZ] [--truth FILE] [--watch-distances]
//   insole_history check [--histories N] [--rate HZ]
//
// write: the runs (dated, on their surfaces, in one shoe started at the story's distance) and the
// truth as JSON (--truth, else stdout). With --watch-distances every run gets its true distance
// as measured (a watch), else distances come from the model. Then `insolectl --db FILE trends`
// and the dashboard show the history.
// check: section G of docs/accuracy.md. Simulates N histories of each story and reads the
// weekly trends after every week (what the runner would have been told that week) against the
// truth: findings when true, silence when not. Exit 0 when the targets are met.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <unistd.h>

#include "insole/analysis/gait_analyzer.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/history.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/reports/run_digest.h"
#include "insole/reports/shoe_wear.h"
#include "insole/reports/trend_words.h"
#include "insole/reports/weekly_trends.h"
#include "insole/run/grid_layouts.h"
#include "insole/store/iso_time.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"
#include "insole/store/step_rows.h"

namespace {

namespace an = insole::analysis;
namespace sim = insole::hw::sim;
namespace store = insole::store;
namespace reports = insole::reports;
using nlohmann::json;

constexpr double kFirstMonday = 1788134400;  // 2026-08-31T00:00:00Z, a Monday

struct Options {
  std::string mode;
  std::string db, truth;
  sim::HistoryStory story = sim::HistoryStory::kTwelveWeeks;
  int weeks = 12;
  std::uint64_t seed = 1;
  double rate_hz = 200;
  bool watch_distances = false;
  int histories = 3;
};

[[noreturn]] void usage(const std::string& why) {
  std::fprintf(
      stderr,
      "insole_history: %s\nusage: insole_history write --db FILE [--story "
      "twelve-weeks|unchanged|slower-weeks] [--weeks N] [--seed N] [--rate HZ] [--truth FILE] "
      "[--watch-distances]\n       insole_history check [--histories N] [--rate HZ]\n",
      why.c_str());
  std::exit(2);
}

// One run through the simulator, the read-out (noise 1.5 counts, as docs/accuracy.md section
// A) and the analysis: its analysed steps.
std::vector<an::Step> simulate(const sim::HistoryRun& run) {
  const auto hw_layout = insole::hw::layout_for_eu_size(run.scenario.eu_size);
  sim::GaitSimulator simulator(run.scenario, hw_layout);
  sim::ReadoutParams params;
  params.noise_counts_rms = 1.5;
  const std::size_t n = hw_layout.sensels.size();
  sim::SensorReadout readouts[2] = {{n, params, run.scenario.seed * 2 + 1},
                                    {n, params, run.scenario.seed * 2 + 2}};
  an::GaitAnalyzer analyzer(insole::run::to_analysis_layout(hw_layout), an::GaitConfig{});
  std::vector<double> feet[2] = {std::vector<double>(n), std::vector<double>(n)};
  std::vector<std::uint16_t> counts(n);
  std::vector<float> newtons(n);
  const auto frames = static_cast<std::uint64_t>(run.seconds * run.scenario.sample_rate_hz);
  for (std::uint64_t i = 0; i < frames; ++i) {
    simulator.frame(i, feet[0], feet[1]);
    const double t = simulator.frame_time_s(i);
    for (int s = 0; s < 2; ++s) {
      readouts[s].read(feet[s], counts);
      for (std::size_t k = 0; k < n; ++k)
        newtons[k] = static_cast<float>(counts[k] * params.newtons_per_count);
      analyzer.push(s == 0 ? an::Side::kLeft : an::Side::kRight, t, newtons);
    }
  }
  return analyzer.steps();
}

// The nominal loading rate of each foot in body weights per second (the simulator's calibrated
// stance, before step-to-step variability and fatigue).
std::array<double, 2> nominal_loading_bw(const sim::Scenario& scenario) {
  sim::GaitSimulator simulator(scenario, insole::hw::layout_for_eu_size(scenario.eu_size));
  std::array<double, 2> out{};
  for (int s = 0; s < 2; ++s) {
    const auto m =
        sim::measure(simulator.nominal_shape(s == 0 ? sim::Foot::kLeft : sim::Foot::kRight));
    out[static_cast<std::size_t>(s)] = m.loading_rate_n_per_s / simulator.body_weight_n();
  }
  return out;
}

json truth_json(const sim::History& h) {
  json runs = json::array();
  for (const auto& r : h.runs) {
    const auto lr = nominal_loading_bw(r.scenario);
    runs.push_back(
        {{"started_at", store::iso_utc(static_cast<std::int64_t>(r.start_unix_s) * 1000)},
         {"week", r.week},
         {"seconds", r.seconds},
         {"surface", r.surface},
         {"km", r.km},
         {"speed_mps", r.scenario.speed_mps},
         {"shoe_km_before", r.shoe_km_before},
         {"load_spike", r.load_spike},
         {"longest_before_km", r.longest_before_km},
         {"late_fatigue", r.late_fatigue},
         {"cadence_spm", r.scenario.cadence_spm},
         {"strike", sim::name(r.scenario.strike)},
         {"impulse_si_pct", r.scenario.asymmetry.impulse_pct},
         {"shoe_wear", r.scenario.shoe_wear},
         {"nominal_loading_rate_bw_per_s", {{"L", lr[0]}, {"R", lr[1]}}}});
  }
  return {{"story", sim::name(h.story)}, {"shoe_starting_km", h.shoe_starting_km}, {"runs", runs}};
}

// Every run of the history into the database, as recorded runs in one shoe.
void write_history(const sim::History& h, store::Connection& db, bool watch_distances,
                   bool verbose) {
  store::ShoeStore shoes(db);
  store::ShoeRecord shoe;
  shoe.brand = "Simulated";
  shoe.model = "Trainer";
  shoe.start_date =
      store::iso_utc(static_cast<std::int64_t>(h.runs.front().start_unix_s) * 1000).substr(0, 10);
  shoe.starting_distance_km = h.shoe_starting_km;
  shoes.add(shoe);
  store::RunWriter writer(db);
  for (const auto& r : h.runs) {
    const auto steps = simulate(r);
    std::vector<store::StepRecord> rows;
    rows.reserve(steps.size());
    for (const auto& s : steps) rows.push_back(store::to_step_record(s));
    const auto id = writer.begin_run(static_cast<std::uint32_t>(r.scenario.sample_rate_hz));
    writer.append(id, rows);
    writer.finish(id, "complete");
    writer.set_started_at(id, store::iso_utc(static_cast<std::int64_t>(r.start_unix_s) * 1000));
    writer.set_ended_at(
        id, store::iso_utc(static_cast<std::int64_t>(r.start_unix_s + r.seconds) * 1000));
    shoes.set_run_surface(id, r.surface);
    if (watch_distances) shoes.set_run_distance(id, r.km * 1000);
    if (verbose)
      std::fprintf(stderr, "run %lld: %s, %.0f min, %zu steps\n", static_cast<long long>(id),
                   r.scenario.name.c_str(), r.seconds / 60, steps.size());
  }
}

Options parse(int argc, char** argv) {
  Options o;
  if (argc < 2) usage("a mode is needed: write or check");
  o.mode = argv[1];
  if (o.mode != "write" && o.mode != "check") usage("unknown mode '" + o.mode + "'");
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage(a + " needs a value");
      return argv[++i];
    };
    auto number = [&](double lo, double hi) {
      const std::string v = value();
      char* end = nullptr;
      const double x = std::strtod(v.c_str(), &end);
      if (v.empty() || *end || !(x >= lo && x <= hi))
        usage(a + " must be a number in " + std::to_string(lo) + ".." + std::to_string(hi));
      return x;
    };
    if (a == "--db") {
      o.db = value();
    } else if (a == "--truth") {
      o.truth = value();
    } else if (a == "--story") {
      const std::string v = value();
      const auto s = sim::parse_history_story(v);
      if (!s) usage("unknown story '" + v + "': twelve-weeks, unchanged or slower-weeks");
      o.story = *s;
    } else if (a == "--weeks") {
      o.weeks = static_cast<int>(number(1, 520));
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint64_t>(number(0, 1e15));
    } else if (a == "--rate") {
      o.rate_hz = number(100, 1000);
    } else if (a == "--histories") {
      o.histories = static_cast<int>(number(1, 1000));
    } else if (a == "--watch-distances") {
      o.watch_distances = true;
    } else {
      usage("unknown option '" + a + "'");
    }
  }
  if (o.mode == "write" && o.db.empty()) usage("write needs --db FILE");
  return o;
}

// --- check -----------------------------------------------------------------------------------

struct Tally {
  int true_cases = 0, found = 0, false_cases = 0, false_alarms = 0;
};

void count(Tally& t, bool truth, bool said) {
  if (truth) {
    ++t.true_cases;
    t.found += said;
  } else {
    ++t.false_cases;
    t.false_alarms += said;
  }
}

// The runs as the trends saw them after week `week` (1-based) of the history.
std::vector<reports::DigestedRun> up_to_week(const std::vector<reports::DigestedRun>& all,
                                             double week_end_s) {
  std::vector<reports::DigestedRun> out;
  for (const auto& r : all)
    if (r.started_at && *store::parse_iso_utc(*r.started_at) < week_end_s) out.push_back(r);
  return out;
}

bool has(const std::vector<reports::TrendReading>& readings, const std::string& factor) {
  for (const auto& r : readings)
    if (r.factor == factor) return true;
  return false;
}

int check(const Options& o) {
  // Factors: asymmetry, load spike (per week), late-run form (per week), cadence coaching
  // (suggested; the change reached), and every other reading on the unchanged stories.
  // slower-weeks (with its watch distances): the same form at other paces, so any reading is a
  // false alarm; and the second half's contact time against the first, as run and at equal pace.
  Tally asym, spike, late, coach, reached, other, unchanged_any, slower_any;
  std::vector<double> slower_raw_ms, slower_at_pace_ms;
  for (const auto story : {sim::HistoryStory::kUnchanged, sim::HistoryStory::kTwelveWeeks,
                           sim::HistoryStory::kSlowerWeeks}) {
    for (int k = 0; k < o.histories; ++k) {
      const auto seed = static_cast<std::uint64_t>(100 + k);
      const auto h = sim::plan_history(story, 12, seed, kFirstMonday, o.rate_hz);
      const auto path = std::filesystem::temp_directory_path() /
                        ("insole-history-check-" + std::to_string(::getpid()) + ".db");
      std::filesystem::remove(path);
      {
        auto db = store::open_for_writing(path.string());
        const bool slower = story == sim::HistoryStory::kSlowerWeeks;
        write_history(h, *db, slower, false);
        const auto all = reports::digested_runs(*db);
        const auto calibration = reports::runner_calibration(*db);
        for (int w = 1; w <= 12; ++w) {
          const double end = kFirstMonday + w * 7 * 86400.0;
          const auto runs = up_to_week(all, end);
          const auto t = reports::weekly_trends(runs, calibration);
          const auto readings = reports::trend_readings(t);
          const auto& week = t.weeks.back();
          // Truth of this week from the plan.
          int true_spikes = 0;
          bool fatigue = false;
          double si_min = 1e9, si_max = -1e9;
          for (const auto& r : h.runs) {
            if (r.week != w) continue;
            true_spikes += r.load_spike;
            fatigue |= r.late_fatigue;
            si_min = std::min(si_min, std::abs(r.scenario.asymmetry.impulse_pct));
            si_max = std::max(si_max, std::abs(r.scenario.asymmetry.impulse_pct));
          }
          count(spike, true_spikes > 0, week.load_spikes > 0);
          count(late, fatigue, week.late_run_changed > 0);
          // Asymmetry: clear truth only (every run of the week at >= 6 % or <= 4 %).
          if (si_min >= 6 || si_max <= 4) count(asym, si_min >= 6, has(readings, "asymmetry"));
          const bool coached = story == sim::HistoryStory::kTwelveWeeks;
          count(coach, coached, t.cadence.suggestion.has_value());
          if (coached && w >= 6)
            count(reached, true, t.cadence.follow_up && t.cadence.follow_up->reached);
          if (slower) {
            bool any = false;
            for (const auto& r : readings) any |= r.factor != "history";
            count(slower_any, false, any || t.cadence.suggestion.has_value());
            if (w == 12) {
              double raw[2] = {0, 0}, at[2] = {0, 0};
              for (std::size_t i = 0; i < t.weeks.size(); ++i) {
                raw[i >= 6] += t.weeks[i].contact_time_ms / 6;
                at[i >= 6] += t.weeks[i].at_pace[0] / 6;
              }
              slower_raw_ms.push_back(raw[1] - raw[0]);
              slower_at_pace_ms.push_back(at[1] - at[0]);
            }
            continue;
          }
          if (!coached) {
            // Every finding the runner could have been told this week, none of them true.
            bool other_reading = false, any = false;
            for (const auto& r : readings) {
              other_reading |= r.factor != "history" && r.factor != "asymmetry" &&
                               r.factor != "cadence_coaching";
              any |= r.factor != "history";
            }
            count(other, false, other_reading);
            count(unchanged_any, false,
                  any || week.load_spikes > 0 || week.late_run_changed > 0 ||
                      t.cadence.suggestion.has_value());
          }
        }
      }
      std::filesystem::remove(path);
      std::filesystem::remove(path.string() + "-wal");
      std::filesystem::remove(path.string() + "-shm");
      std::fprintf(stderr, "%s seed %llu done\n", std::string(sim::name(story)).c_str(),
                   static_cast<unsigned long long>(seed));
    }
  }
  std::printf(
      "## G. Weeks of running (%d histories of each story, 12 weeks, %.0f Hz; read after every "
      "week)\n\n| finding | true cases found | false alarms |\n|---|---|---|\n",
      o.histories, o.rate_hz);
  bool ok = true;
  const auto row = [&](const char* name, const Tally& t) {
    std::printf("| %s | %d of %d | %d of %d |\n", name, t.found, t.true_cases, t.false_alarms,
                t.false_cases);
    ok &= t.found * 10 >= t.true_cases * 9 && t.false_alarms * 20 <= t.false_cases;
  };
  row("left/right imbalance (latest week, every run beyond its interval)", asym);
  row("training-load spike (weeks with one)", spike);
  row("late-run form change (per week)", late);
  row("cadence suggestion", coach);
  row("cadence rise reached after coaching", reached);
  row("any other reading on the unchanged story (per week)", other);
  row("unchanged story: weeks with any finding at all", unchanged_any);
  row("slower-weeks story (same form, slower second half): weeks with any reading", slower_any);
  // Contact time of the slower weeks against the faster ones: as run the slower pace lengthens
  // it (the simulator's truth: 0.1 + 0.5 / speed s); at equal pace it must not move.
  double raw = 0, at = 0, at_worst = 0;
  for (std::size_t i = 0; i < slower_raw_ms.size(); ++i) {
    raw += slower_raw_ms[i] / static_cast<double>(slower_raw_ms.size());
    at += slower_at_pace_ms[i] / static_cast<double>(slower_raw_ms.size());
    // Not compared at equal pace at all (NaN) is the worst.
    at_worst = std::isfinite(slower_at_pace_ms[i])
                   ? std::max(at_worst, std::abs(slower_at_pace_ms[i]))
                   : std::numeric_limits<double>::infinity();
  }
  std::printf(
      "\nslower-weeks, weeks 7-12 against 1-6 (pace 0.3 m/s slower, form unchanged): contact "
      "time %+.1f ms as run, %+.1f ms at equal pace (worst history %.1f ms)\n",
      raw, at, at_worst);
  ok &= std::isfinite(at_worst) && at_worst <= 3.0 && raw >= 10;
  return ok ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  try {
    if (o.mode == "check") return check(o);
    const auto h = sim::plan_history(o.story, o.weeks, o.seed, kFirstMonday, o.rate_hz);
    const json truth = truth_json(h);
    {
      auto db = store::open_for_writing(o.db);
      write_history(h, *db, o.watch_distances, true);
    }
    if (o.truth.empty()) {
      std::cout << truth.dump(2) << "\n";
    } else {
      std::ofstream out(o.truth);
      out << truth.dump(2) << "\n";
      if (!out) {
        std::fprintf(stderr, "insole_history: cannot write %s\n", o.truth.c_str());
        return 1;
      }
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "insole_history: %s\n", e.what());
    return 1;
  }
  return 0;
}
