// What the dashboard's reports cost over a runner's history: a database of N runs of 45 minutes
// (2 × 4000 analysed steps each) in a real SQLite file; the run list, one run's report, the
// trends across every run and the shoes' wear. These take too long for the loop that records the
// insoles, which is why they run on the dashboard's ReportWorker (docs/web.md).
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

// One database per run count, built once.
Connection& database(int runs) {
  static std::map<int, std::unique_ptr<Connection>> made;
  auto& db = made[runs];
  if (db) return *db;
  const fs::path path =
      fs::temp_directory_path() /
      ("insole-reports-bench-" + std::to_string(getpid()) + "-" + std::to_string(runs) + ".db");
  fs::remove(path);
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

void BM_RunList(benchmark::State& state) {
  auto& db = database(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(insole::reports::runs_json(db));
}
void BM_RunReport(benchmark::State& state) {
  auto& db = database(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(insole::reports::run_report_json(db, 1));
}
void BM_Trends(benchmark::State& state) {
  auto& db = database(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(insole::reports::trends_json(db));
}
void BM_Shoes(benchmark::State& state) {
  auto& db = database(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(insole::reports::shoes_json(db));
}

BENCHMARK(BM_RunList)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RunReport)->Arg(10)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Trends)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Shoes)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
