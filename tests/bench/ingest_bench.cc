// Import at full speed (issue 15, item 1): a long two-foot capture replayed into insoled with
// replay:...?speed=full, as a real process into a real SQLite file. Prints the frames, wall and
// CPU time, frames per second of CPU, peak resident memory and the steps per foot, then what
// `insolectl reanalyse` finds in the stored run (frames archived, steps) and its time, for this
// build and, with --baseline, another build in the same run. Exit status 1 unless this build's
// steps are those of the simulated gait (a steady runner: one stance per foot per stride), every
// frame received is archived and re-analysis finds the gait's steps too.
//
//   ingest_bench [--minutes M] [--baseline DIR] [--keep DIR]
//
// DIR of --baseline holds another build's insoled and insolectl (e.g. build/host/daemon of a
// worktree at the previous commit).
//
// The capture is made here, in memory-light pieces: one minute of a steady runner (cadence 180,
// so a minute is 90 whole strides) through the sensor read-out and the firmware's zero
// calibration, framed as the firmware frames it, repeated with running sequence numbers and
// device times, in the capture format insoled records (daemon/link/capture.h).
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "child_process.h"
#include "insole/fw/zero_calibration.h"
#include "insole/hw/sensel_layout.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/hw/sim/simple_foot.h"
#include "insole/link/capture.h"
#include "insole/v1/control.pb.h"
#include "insole/wire/frame.h"
#include "insole/wire/readings.h"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr std::uint32_t kRateHz = 200;
constexpr double kCadenceSpm = 180;   // 90 strides a minute: a minute repeats seamlessly
constexpr int kFramesPerRecord = 20;  // frames per recorded read (10 ms of 2 feet at 4 kB/s)
constexpr std::uint32_t kSensels = 64;
constexpr double kStartS = 60.59;  // in the flight between a left and a right stance

std::vector<std::uint8_t> framed(const insole::v1::DeviceMessage& m) {
  const std::string payload = m.SerializeAsString();
  std::vector<std::uint8_t> out(insole::wire::encoded_size_max(payload.size()));
  const std::size_t n =
      insole::wire::encode_frame(static_cast<std::uint8_t>(insole::wire::Channel::kProtocol),
                                 reinterpret_cast<const std::uint8_t*>(payload.data()),
                                 payload.size(), out.data(), out.size());
  out.resize(n);
  return out;
}

// One minute of one foot's counts, as the firmware sends them (offsets removed, noise gate).
std::vector<std::uint16_t> one_minute(bool left) {
  const auto layout = insole::hw::default_layout();
  insole::hw::sim::FootParams p;
  p.left = left;
  p.cadence_spm = kCadenceSpm;
  p.phase_s = left ? 0.3 : 0.3 + 60.0 / p.cadence_spm;
  const insole::hw::sim::SimpleFoot foot(layout, p);
  insole::hw::sim::SensorReadout readout(kSensels, {}, left ? 1 : 2);
  insole::fw::ZeroCalibration zero;
  zero.restart(kSensels);
  std::vector<double> f(kSensels);
  std::vector<std::uint16_t> raw(kSensels), counts(kSensels);
  std::vector<std::uint16_t> out;
  for (std::uint32_t i = 0; i < 60 * kRateHz; ++i) {
    // A minute of the steady gait from an instant of flight (left stances 0.30-0.55 s, right
    // 0.63-0.88 s, then every 2/3 s): the run begins with both insoles unloaded, as a recording
    // does, and the minute's end joins its start.
    foot.forces_at(kStartS + static_cast<double>(i) / kRateHz, f);
    readout.read(f, raw);
    zero.apply(raw.data(), counts.data());
    out.insert(out.end(), counts.begin(), counts.end());
  }
  return out;
}

void write_capture(const fs::path& path, bool left, int minutes) {
  insole::link::CaptureHeader header;
  header.tool = "ingest_bench";
  header.device = left ? "simulated insole, left" : "simulated insole, right";
  header.note = std::to_string(minutes) + " min of a steady runner at 180 steps/min";
  insole::link::CaptureWriter writer(path.string(), header);
  const auto t0 = writer.start();
  const auto at = [&](std::uint64_t us) { return t0 + std::chrono::microseconds(us); };

  insole::v1::DeviceMessage hello;
  hello.set_in_reply_to(1);
  auto* info = hello.mutable_info();
  info->set_protocol_major(1);
  info->set_protocol_minor(1);
  info->set_firmware_version("bench");
  info->set_serial_number(left ? "BENCH-L-0001" : "BENCH-R-0001");
  info->set_side(left ? insole::v1::SIDE_LEFT : insole::v1::SIDE_RIGHT);
  info->set_grid_id(insole::hw::default_layout().grid_id);
  info->set_sensel_count(kSensels);
  info->set_sample_rate_hz(kRateHz);
  info->set_adc_bits(12);
  info->set_newtons_per_count(0.1f);
  info->set_min_sample_rate_hz(50);
  info->set_max_sample_rate_hz(1000);
  info->set_board("host");
  const auto hello_bytes = framed(hello);
  writer.record(insole::link::Direction::kIn, hello_bytes.data(), hello_bytes.size(), at(1000));

  const std::vector<std::uint16_t> minute = one_minute(left);
  const std::uint32_t per_minute = 60 * kRateHz;
  insole::v1::DeviceMessage m;
  std::vector<std::uint8_t> packed(insole::wire::packed_readings_size(kSensels));
  std::vector<std::uint8_t> chunk;
  const std::uint64_t start_us = 20000;
  for (std::uint32_t seq = 0; seq < per_minute * static_cast<std::uint32_t>(minutes); ++seq) {
    const std::uint64_t t_us = std::uint64_t{seq} * 1000000 / kRateHz;
    insole::wire::pack_readings(&minute[(seq % per_minute) * kSensels], kSensels, packed.data(),
                                packed.size());
    auto* frame = m.mutable_frame();
    frame->set_sequence(seq);
    frame->set_device_time_us(t_us);
    frame->set_readings(packed.data(), packed.size());
    const auto bytes = framed(m);
    chunk.insert(chunk.end(), bytes.begin(), bytes.end());
    if ((seq + 1) % kFramesPerRecord == 0) {
      writer.record(insole::link::Direction::kIn, chunk.data(), chunk.size(), at(start_us + t_us));
      chunk.clear();
    }
  }
  if (!chunk.empty())
    writer.record(insole::link::Direction::kIn, chunk.data(), chunk.size(), at(start_us + 1));
  if (!writer.ok()) {
    std::fprintf(stderr, "ingest_bench: %s\n", writer.error().c_str());
    std::exit(1);
  }
}

struct Figures {
  double wall_s = 0, cpu_s = 0;
  long max_rss_kib = 0;
  long long frames = 0, steps_left = 0, steps_right = 0;  // as stored live
  long long archived_frames = 0, reanalysed_steps = 0;    // from the archive, re-analysed
  double reanalyse_wall_s = 0, reanalyse_cpu_s = 0;
  long reanalyse_rss_kib = 0;
};

double children_cpu_s() {
  rusage u{};
  getrusage(RUSAGE_CHILDREN, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         1e-6 * static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec);
}

Figures ingest(const std::string& insoled, const std::string& insolectl, const fs::path& dir,
               const std::string& name) {
  const fs::path db = dir / (name + ".db");
  for (const char* suffix : {"", "-wal", "-shm", "-writer.lock"}) fs::remove(db.string() + suffix);
  Figures f;
  const double cpu0 = children_cpu_s();
  const auto t0 = std::chrono::steady_clock::now();
  insole::testing::ChildProcess daemon(
      {insoled, "--db", db.string(), "--api-socket", "none", "--device",
       "replay:" + (dir / "left.cap").string() + "?speed=full", "--device",
       "replay:" + (dir / "right.cap").string() + "?speed=full"});
  const auto status = daemon.wait(3600s);
  f.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  f.cpu_s = children_cpu_s() - cpu0;
  f.max_rss_kib = daemon.max_rss_kib();
  if (status != 0) {
    std::fprintf(stderr, "ingest_bench: %s failed:\n%s\n", insoled.c_str(),
                 daemon.output().c_str());
    std::exit(1);
  }
  const auto summary = [&] {
    insole::testing::ChildProcess ctl({INSOLECTL, "--db", db.string(), "summary", "1", "--json"});
    if (ctl.wait(600s) != 0) {
      std::fprintf(stderr, "ingest_bench: insolectl summary failed:\n%s\n", ctl.output().c_str());
      std::exit(1);
    }
    return nlohmann::json::parse(ctl.stdout_text(), nullptr, false);
  };
  const auto live = summary();
  for (const char* side : {"L", "R"}) {
    const auto s =
        live.value("sides", nlohmann::json::object()).value(side, nlohmann::json::object());
    f.frames += s.value("link", nlohmann::json::object()).value("frames", 0LL);
    (side[0] == 'L' ? f.steps_left : f.steps_right) = s.value("steps", 0LL);
  }
  // Re-analysis of the stored run from its archive: every frame must be there.
  const double re_cpu0 = children_cpu_s();
  const auto re0 = std::chrono::steady_clock::now();
  insole::testing::ChildProcess reanalyse({insolectl, "--db", db.string(), "reanalyse", "1"});
  if (reanalyse.wait(3600s) != 0) {
    std::fprintf(stderr, "ingest_bench: insolectl reanalyse failed:\n%s\n",
                 reanalyse.output().c_str());
    std::exit(1);
  }
  f.reanalyse_wall_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - re0).count();
  f.reanalyse_cpu_s = children_cpu_s() - re_cpu0;
  f.reanalyse_rss_kib = reanalyse.max_rss_kib();
  // "run 1 re-analysed from N archived frames: S steps (before: B)"
  std::sscanf(reanalyse.stdout_text().c_str(),
              "run %*d re-analysed from %lld archived frames: %lld", &f.archived_frames,
              &f.reanalysed_steps);
  return f;
}

void print(const char* label, const Figures& f) {
  std::printf(
      "%-10s %10lld %8.2f %8.2f %12.0f %10.1f %8lld %8lld %10lld %10lld %10.2f %10.1f\n", label,
      f.frames, f.wall_s, f.cpu_s, f.cpu_s > 0 ? static_cast<double>(f.frames) / f.cpu_s : 0.0,
      static_cast<double>(f.max_rss_kib) / 1024.0, f.steps_left, f.steps_right, f.archived_frames,
      f.reanalysed_steps, f.reanalyse_wall_s, static_cast<double>(f.reanalyse_rss_kib) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
  int minutes = 180;
  std::string baseline, keep;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--minutes" && i + 1 < argc) {
      minutes = std::atoi(argv[++i]);
    } else if (a == "--baseline" && i + 1 < argc) {
      baseline = argv[++i];
    } else if (a == "--keep" && i + 1 < argc) {
      keep = argv[++i];
    } else {
      std::fprintf(stderr,
                   "usage: ingest_bench [--minutes M] [--baseline BUILD/daemon] [--keep DIR]\n");
      return 2;
    }
  }
  if (minutes < 1 || minutes > 24 * 60) {
    std::fprintf(stderr, "ingest_bench: --minutes must be 1..1440\n");
    return 2;
  }
  const fs::path dir =
      keep.empty() ? fs::temp_directory_path() / ("insole-ingest-bench-" + std::to_string(getpid()))
                   : fs::path(keep);
  fs::create_directories(dir);
  write_capture(dir / "left.cap", true, minutes);
  write_capture(dir / "right.cap", false, minutes);
  // The gait's own steps: one stance per foot per stride, less a stance cut by each end.
  const long long strides = static_cast<long long>(minutes) * 90;
  std::printf(
      "capture: %d min, 2 feet at %u Hz, %.0f MB of capture text\n", minutes, kRateHz,
      static_cast<double>(fs::file_size(dir / "left.cap") + fs::file_size(dir / "right.cap")) /
          1e6);
  std::printf("%-10s %10s %8s %8s %12s %10s %8s %8s %10s %10s %10s %10s\n", "insoled", "frames",
              "wall s", "cpu s", "frames/cpu-s", "peak MiB", "steps L", "steps R", "archived",
              "re steps", "re wall s", "re MiB");
  const Figures now = ingest(INSOLED, INSOLECTL, dir, "this");
  print("this", now);
  if (!baseline.empty()) {
    const fs::path b(baseline);
    print("baseline",
          ingest((b / "insoled").string(), (b / "insolectl").string(), dir, "baseline"));
  }
  std::printf(
      "the gait has %lld strides: steps per foot within 1 of that, every frame archived "
      "and re-analysed\n",
      strides);
  if (keep.empty()) fs::remove_all(dir);
  // Re-analysis may find one more step per foot than live: live analysis starts once the
  // device clock is placed on the run's axis, a fraction of a second in.
  const bool ok = std::llabs(now.steps_left - strides) <= 1 &&
                  std::llabs(now.steps_right - strides) <= 1 && now.archived_frames == now.frames &&
                  std::llabs(now.reanalysed_steps - 2 * strides) <= 2;
  if (!ok) std::printf("FAILED: this build lost steps or frames\n");
  return ok ? 0 : 1;
}
