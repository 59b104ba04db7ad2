// Storage cost of a live run: two insoles at 200 Hz through RunBuilder (gait analysis, raw-frame
// archive, one SQLite transaction per second into a real WAL database file). Target (issue 7):
// < 0.5 % of one core, i.e. < 12.5 µs of CPU per frame at 400 frames/s.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <vector>

#include "insole/fw/zero_calibration.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/hw/sim/simple_foot.h"
#include "insole/run/run_builder.h"
#include "insole/store/schema.h"

namespace {

namespace fs = std::filesystem;

insole::v1::DeviceInfo info(bool left) {
  insole::v1::DeviceInfo i;
  i.set_protocol_major(1);
  i.set_serial_number(left ? "BENCH-L" : "BENCH-R");
  i.set_side(left ? insole::v1::SIDE_LEFT : insole::v1::SIDE_RIGHT);
  i.set_grid_id("eu42-r1");
  i.set_sensel_count(64);
  i.set_newtons_per_count(0.1f);
  i.set_sample_rate_hz(200);
  i.set_firmware_version("bench");
  i.set_board("bench");
  return i;
}

// 60 s of frames per foot, as the firmware sends them (offsets removed, noise gate).
std::vector<insole::session::SensorFrame> frames(bool left) {
  const auto layout = insole::hw::default_layout();
  insole::hw::sim::FootParams p;
  p.left = left;
  p.phase_s = left ? 0.3 : 0.3 + 60.0 / p.cadence_spm;
  const insole::hw::sim::SimpleFoot foot(layout, p);
  insole::hw::sim::SensorReadout readout(64, {}, left ? 1 : 2);
  insole::fw::ZeroCalibration zero;
  zero.restart(64);
  std::vector<double> f(64);
  std::vector<std::uint16_t> raw(64), counts(64);
  std::vector<insole::session::SensorFrame> out;
  for (std::uint32_t i = 0; i < 60 * 200; ++i) {
    foot.forces_at(i / 200.0, f);
    readout.read(f, raw);
    zero.apply(raw.data(), counts.data());
    insole::session::SensorFrame s;
    s.sequence = i;
    s.device_time_us = 5000ull * i;
    s.counts = counts;
    for (auto c : counts) s.forces_n.push_back(static_cast<float>(c) * 0.1f);
    out.push_back(std::move(s));
  }
  return out;
}

void BM_RunBuilderTwoInsoles(benchmark::State& state) {
  const auto left = frames(true), right = frames(false);
  const fs::path dir = fs::temp_directory_path() / ("insole-bench-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::int64_t frames_done = 0;
  double cpu_s = 0;
  for (auto _ : state) {
    state.PauseTiming();
    fs::remove(dir / "bench.db");
    auto db = insole::store::open_for_writing((dir / "bench.db").string());
    insole::run::RunBuilder recorder(*db, 200);
    const int l = recorder.add_device(
        info(true), std::make_unique<insole::run::HostClockMapping>(recorder.run_start_us()));
    const int r = recorder.add_device(
        info(false), std::make_unique<insole::run::HostClockMapping>(recorder.run_start_us()));
    const std::int64_t t0 = recorder.run_start_us();
    state.ResumeTiming();
    const std::clock_t c0 = std::clock();
    for (std::size_t i = 0; i < left.size(); ++i) {
      const std::int64_t t = t0 + 5000 * static_cast<std::int64_t>(i);
      recorder.frame(l, left[i], t);
      recorder.frame(r, right[i], t);
      if (i % 200 == 199) recorder.flush_steps();  // insoled flushes once a second
    }
    recorder.finish("complete");
    cpu_s += static_cast<double>(std::clock() - c0) / CLOCKS_PER_SEC;
    frames_done += static_cast<std::int64_t>(2 * left.size());
  }
  fs::remove_all(dir);
  state.SetItemsProcessed(frames_done);
  // CPU share of one core for a live run of 2 x 200 frames/s: process CPU time (std::clock is
  // user + system on Linux: analysis, archive, SQLite and its writes) over the run time the
  // frames represent.
  const double run_s = static_cast<double>(frames_done) / 400.0;
  state.counters["core_pct_at_2x200Hz"] = 100.0 * cpu_s / run_s;
}
BENCHMARK(BM_RunBuilderTwoInsoles)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
