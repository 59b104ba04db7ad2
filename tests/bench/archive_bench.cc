// Raw-frame archive over a whole 3-hour run (issue 7: a 3-hour run's frames take <= 1/6 of their
// 16-bit size): one foot of the gait simulator's default runner at 200 Hz, through the sensor
// read-out and the firmware's own zero calibration (noise gate included), in one-second blocks
// as insoled stores them. One iteration; prints the size ratio and the encoding cost.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "insole/archive/frame_block.h"
#include "insole/fw/zero_calibration.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/sensor_readout.h"

namespace {

void BM_ArchiveThreeHourRun(benchmark::State& state) {
  const double hours = static_cast<double>(state.range(0)) / 60.0;
  for (auto _ : state) {
    const auto layout = insole::hw::layout_for_eu_size(42);
    insole::hw::sim::Scenario scenario;
    scenario.fatigue.rate_per_hour = 0.5;  // a long run drifts
    scenario.seed = 3;
    insole::hw::sim::GaitSimulator sim(scenario, layout);
    insole::hw::sim::SensorReadout readout(64, {}, 9);
    insole::fw::ZeroCalibration zero;
    zero.restart(64);
    std::vector<double> l(64), r(64);
    std::vector<std::uint16_t> raw(64), counts(64);
    insole::archive::FrameBlock block;
    block.sensel_count = 64;
    std::uint64_t bytes = 0, frames = 0;
    const auto total = static_cast<std::uint64_t>(hours * 3600 * 200);
    for (std::uint64_t i = 0; i < total; ++i) {
      sim.frame(i, l, r);
      readout.read(l, raw);
      zero.apply(raw.data(), counts.data());
      block.append(static_cast<std::uint32_t>(i), i * 5000, counts);
      if (block.frames() == 200 || i + 1 == total) {
        bytes += insole::archive::encode(block).size();
        frames += block.frames();
        block.clear();
      }
    }
    state.counters["hours"] = hours;
    state.counters["ratio_vs_16bit"] =
        static_cast<double>(frames * 64 * 2) / static_cast<double>(bytes);
    state.counters["bytes_per_frame"] = static_cast<double>(bytes) / static_cast<double>(frames);
    state.counters["archive_MB"] = static_cast<double>(bytes) / 1e6;
  }
}
BENCHMARK(BM_ArchiveThreeHourRun)->Arg(180)->Iterations(1)->Unit(benchmark::kSecond);

}  // namespace

BENCHMARK_MAIN();
