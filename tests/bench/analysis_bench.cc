// Analysis throughput: 64-sensel frames of both feet through the whole GaitAnalyzer (auto-zero,
// events, per-step metrics). Target (issue 4): >= 1,000,000 frames/s on one core.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "insole/analysis/gait_analyzer.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/hw/sim/simple_foot.h"
#include "insole/run/grid_layouts.h"

namespace {

using insole::analysis::GaitAnalyzer;
using insole::analysis::Side;

struct Recording {
  insole::analysis::Layout layout;
  std::vector<double> t;
  std::vector<Side> side;
  std::vector<float> forces;  // frames x 64
};

// 60 s of running at 200 Hz, both feet, through the sensor read-out (offsets, noise).
const Recording& recording() {
  static const Recording rec = [] {
    Recording r;
    const auto hw_layout = insole::hw::default_layout();
    r.layout = insole::run::to_analysis_layout(hw_layout);
    insole::hw::sim::FootParams lp, rp;
    lp.phase_s = 0.3;
    rp.left = false;
    rp.phase_s = 0.3 + 60.0 / rp.cadence_spm;
    const insole::hw::sim::SimpleFoot left(hw_layout, lp), right(hw_layout, rp);
    insole::hw::sim::SensorReadout lr(64, {}, 1), rr(64, {}, 2);
    std::vector<double> f(64);
    std::vector<std::uint16_t> counts(64);
    for (int i = 0; i < 60 * 200; ++i) {
      const double t = i / 200.0;
      for (int s = 0; s < 2; ++s) {
        (s == 0 ? left : right).forces_at(t, f);
        (s == 0 ? lr : rr).read(f, counts);
        r.t.push_back(t);
        r.side.push_back(s == 0 ? Side::kLeft : Side::kRight);
        for (auto c : counts) r.forces.push_back(static_cast<float>(c * 0.1));
      }
    }
    return r;
  }();
  return rec;
}

void BM_GaitAnalyzer64Sensels(benchmark::State& state) {
  const Recording& rec = recording();
  const std::size_t frames = rec.t.size();
  std::size_t steps = 0;
  for (auto _ : state) {
    GaitAnalyzer analyzer(rec.layout);
    for (std::size_t i = 0; i < frames; ++i) {
      const std::span<const float> f(rec.forces.data() + i * 64, 64);
      if (analyzer.push(rec.side[i], rec.t[i], f)) ++steps;
    }
    benchmark::DoNotOptimize(steps);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frames));
  state.counters["steps_per_pass"] =
      static_cast<double>(steps) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_GaitAnalyzer64Sensels)->Unit(benchmark::kMillisecond);

void BM_Summary(benchmark::State& state) {
  const Recording& rec = recording();
  GaitAnalyzer analyzer(rec.layout);
  for (std::size_t i = 0; i < rec.t.size(); ++i) {
    analyzer.push(rec.side[i], rec.t[i], std::span<const float>(rec.forces.data() + i * 64, 64));
  }
  for (auto _ : state) benchmark::DoNotOptimize(analyzer.summary());
  state.counters["steps"] = static_cast<double>(analyzer.steps().size());
}
BENCHMARK(BM_Summary)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
