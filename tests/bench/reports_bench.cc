// What the dashboard's reports cost over a runner's history: a database of N runs of 45 minutes
// (2 × 4000 analysed steps each) in a real SQLite file; the run list, one run's report, the
// trends across every run and the shoes' wear. These take too long for the loop that records the
// insoles, which is why they run on the dashboard's ReportWorker (docs/web.md). Each run's
// digest is kept once computed (reports/run_digest.h): timed kept, first request and recomputed
// (the baseline: every request before).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <vector>

#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "insole/store/run_writer.h"
#include "insole/store/schema.h"
#include "insole/store/shoes.h"

namespace {

namespace fs = std::filesystem;
using insole::store::Connection;

constexpr int kStepsPerFoot = 4000;

// Plausible analysed steps of both feet at 170 steps/min, varied a little step to step.
std::vector<insole::store::StepRecord> steps_of_a_run(int run) {
  std::vector<insole::store::StepRecord> out;
  for (int i = 0; i < 2 * kStepsPerFoot; ++i) {
    insole::store::StepRecord s;
    s.side = i % 2 == 0 ? 'L' : 'R';
    s.contact_s = i * 60.0 / 170.0;
    s.toe_off_s = s.contact_s + 0.24 + 0.01 * std::sin(i * 0.7);
    s.peak_force_n = 1800 + 60 * std::sin(i * 1.3 + run) + (s.side == 'R' ? 80 : 0);
    s.impulse_ns = 240 + 5 * std::cos(i * 0.9);
    s.loading_rate_n_per_s = 22000 + 900 * std::sin(i * 2.1);
    s.flight_time_s = 0.1;
    s.strike_index = 0.4 + 0.05 * std::sin(i * 0.3);
    s.strike = "midfoot";
    s.flat_foot = i % 3 == 0;
    s.pronation_index = 12 + 3 * std::sin(i * 0.5);
    s.cpei_pct = s.pronation_index;
    s.medial_fraction = 0.5;
    s.pronation = "over";
    out.push_back(s);
  }
  return out;
}

// The files made, removed at exit (a 1000-run file is over 1 GB).
struct Files {
  std::vector<fs::path> paths;
  ~Files() {
    for (const auto& p : paths) {
      fs::remove(p);
      fs::remove(p.string() + "-wal");
      fs::remove(p.string() + "-shm");
      fs::remove(p.string() + "-writer.lock");
    }
  }
};

// One database per run count, built once.
Connection& database(int runs) {
  static Files files;
  static std::map<int, std::unique_ptr<Connection>> made;
  auto& db = made[runs];
  if (db) return *db;
  const fs::path path =
      fs::temp_directory_path() /
      ("insole-reports-bench-" + std::to_string(getpid()) + "-" + std::to_string(runs) + ".db");
  fs::remove(path);
  files.paths.push_back(path);
  db = insole::store::open_for_writing(path.string());
  insole::store::ShoeStore shoes(*db);
  insole::store::ShoeRecord shoe;
  shoe.brand = "Bench";
  shoe.model = "Trainer";
  shoe.start_date = "2026-01-01";
  shoes.add(shoe);
  insole::store::RunWriter writer(*db);
  insole::store::DeviceRecord left{"BENCH-L", 'L', "bench", 1, 1, "eu42-r1", 64, "bench"};
  insole::store::DeviceRecord right{"BENCH-R", 'R', "bench", 1, 1, "eu42-r1", 64, "bench"};
  const auto l = writer.upsert_device(left);
  const auto r = writer.upsert_device(right);
  for (int i = 0; i < runs; ++i) {
    const auto run = writer.begin_run(200);
    writer.attach_device(run, l, 'L');
    writer.attach_device(run, r, 'R');
    const auto steps = steps_of_a_run(i);
    writer.append(run, steps);
    writer.finish(run, "complete");
  }
  return *db;
}

// Each report three ways over the same file: from the digests kept in the database (every
// request after the first), the first request (each run's digest computed from its steps and
// kept), and the baseline, as every request was before digests were kept (a read-only
// connection computes every digest from the steps each time).
template <typename Report>
void kept(benchmark::State& state, Report report) {
  auto& db = database(static_cast<int>(state.range(0)));
  report(db);  // the first request keeps every run's digest
  for (auto _ : state) benchmark::DoNotOptimize(report(db));
}
template <typename Report>
void first_request(benchmark::State& state, Report report) {
  auto& db = database(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    db.exec("DELETE FROM run_digests");
    state.ResumeTiming();
    benchmark::DoNotOptimize(report(db));
  }
}
template <typename Report>
void recomputed(benchmark::State& state, Report report) {
  auto& db = database(static_cast<int>(state.range(0)));
  db.exec("DELETE FROM run_digests");  // none kept, and a read-only connection keeps none
  auto reader = insole::store::open_for_reading(db.path());
  for (auto _ : state) benchmark::DoNotOptimize(report(*reader));
}

auto run_list = [](Connection& db) { return insole::reports::runs_json(db); };
auto trends = [](Connection& db) { return insole::reports::trends_json(db); };
auto shoes = [](Connection& db) { return insole::reports::shoes_json(db); };
auto one_run = [](Connection& db) { return insole::reports::run_report_json(db, 1); };

void BM_RunList(benchmark::State& state) { kept(state, run_list); }
void BM_RunListRecomputed(benchmark::State& state) { recomputed(state, run_list); }
void BM_RunReport(benchmark::State& state) { kept(state, one_run); }
void BM_RunReportRecomputed(benchmark::State& state) { recomputed(state, one_run); }
void BM_Trends(benchmark::State& state) { kept(state, trends); }
void BM_TrendsFirstRequest(benchmark::State& state) { first_request(state, trends); }
void BM_TrendsRecomputed(benchmark::State& state) { recomputed(state, trends); }
void BM_Shoes(benchmark::State& state) { kept(state, shoes); }
void BM_ShoesRecomputed(benchmark::State& state) { recomputed(state, shoes); }

BENCHMARK(BM_RunList)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunListRecomputed)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunReport)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunReportRecomputed)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Trends)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrendsFirstRequest)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TrendsRecomputed)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Shoes)->Arg(10)->Arg(100)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ShoesRecomputed)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
