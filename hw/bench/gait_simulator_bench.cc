// Gait simulator throughput (issue 3: a 3-hour two-foot 200 Hz run faster than 100x real time on
// one core). Figures and how to reproduce: docs/performance.md, "Simulator".
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "insole/hw/electrical/matrix_readout.h"
#include "insole/hw/sim/gait_simulator.h"

namespace {

using insole::hw::sim::GaitSimulator;
using insole::hw::sim::Scenario;

// Generates `seconds` of both feet at the scenario's rate; counters: simulated seconds per wall
// second ("x_realtime") and frames per second (both feet).
void run(benchmark::State& state, double seconds, bool electrical) {
  Scenario scenario;
  scenario.fatigue.rate_per_hour = 0.3;
  const insole::hw::SenselLayout layout = insole::hw::default_layout();
  const auto frames = static_cast<std::uint64_t>(seconds * scenario.sample_rate_hz);
  std::vector<double> left(layout.sensels.size()), right(layout.sensels.size());
  std::vector<std::uint16_t> counts(layout.sensels.size());
  double checksum = 0;
  for (auto _ : state) {
    GaitSimulator sim(scenario, layout);
    insole::hw::electrical::MatrixReadout chain_l({}, layout.sensels.size(), 1);
    insole::hw::electrical::MatrixReadout chain_r({}, layout.sensels.size(), 2);
    for (std::uint64_t n = 0; n < frames; ++n) {
      sim.frame(n, left, right);
      if (electrical) {
        const double t = sim.frame_time_s(n);
        chain_l.read(t, left, counts);
        chain_r.read(t, right, counts);
        checksum += counts[20];
      }
      checksum += left[20] + right[40];
    }
  }
  benchmark::DoNotOptimize(checksum);
  const double iterations = static_cast<double>(state.iterations());
  state.counters["x_realtime"] =
      benchmark::Counter(seconds * iterations, benchmark::Counter::kIsRate);
  state.counters["frames_per_s"] = benchmark::Counter(
      2.0 * static_cast<double>(frames) * iterations, benchmark::Counter::kIsRate);
}

void BM_ThreeHourTwoFootRun(benchmark::State& state) { run(state, 3 * 3600.0, false); }
void BM_TenMinuteTwoFootRun(benchmark::State& state) { run(state, 600.0, false); }
void BM_TenMinuteTwoFootRunThroughElectrical(benchmark::State& state) { run(state, 600.0, true); }

void BM_TruthPerStep(benchmark::State& state) {
  Scenario scenario;
  const insole::hw::SenselLayout layout = insole::hw::default_layout();
  std::size_t steps = 0;
  for (auto _ : state) {
    GaitSimulator sim(scenario, layout);
    steps += sim.truth_between(0, 60).size();
  }
  state.counters["steps_per_s"] =
      benchmark::Counter(static_cast<double>(steps), benchmark::Counter::kIsRate);
}

}  // namespace

BENCHMARK(BM_ThreeHourTwoFootRun)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();
BENCHMARK(BM_TenMinuteTwoFootRun)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TenMinuteTwoFootRunThroughElectrical)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TruthPerStep)->Unit(benchmark::kMillisecond)->UseRealTime();

BENCHMARK_MAIN();
