// insole-sim: the gait simulator on the command line (docs/simulator.md).
//
//   insole-sim record --scenario F.json --seconds S --out DIR [--size EU] [--seed N]
//                     [--electrical]
//     writes DIR/layout.json, DIR/recording.csv, DIR/truth.jsonl and DIR/meta.json.
//     --electrical passes the forces through the electrical chain (hw/electrical) and writes the
//     newtons the device would report (offset-corrected counts x newtons_per_count / gain).
//   insole-sim scenario --scenario F.json
//     prints the scenario with every default filled in.
//   insole-sim replay-gaitpdb --file GaCo01_01.txt --out DIR [--foot-length MM]
//     writes a PhysioNet gaitpdb recording as DIR/layout.json (8 sensels, gaitpdb.h),
//     DIR/recording.csv (the file's time column and newtons) and DIR/meta.json; no truth.
//   insole-sim inject --scenario F.json --side L|R --serial DEV [--seconds S] [--size EU]
//                     [--seed N] [--electrical]
//     drives the emulated board (firmware/boards/mps2-an386) in real time: one
//     Channel::kSenselInjection frame per scan period (0x00, then the COBS frame of the packed
//     12-bit raw counts of that foot, offsets included, as the board's ADC would see them) to
//     DEV opened raw, until S seconds have passed or SIGTERM/SIGINT. --electrical reads the
//     forces through the electrical chain (as insole-fw-host --scenario does), otherwise through
//     the linear read-out. Prints one ready line on stdout once DEV is open.
//
// Exit status: 0 on success, 1 on a runtime error, 2 on bad usage; errors go to stderr.
#include <fcntl.h>
#include <signal.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "insole/hw/electrical/matrix_readout.h"
#include "insole/hw/sim/gait_simulator.h"
#include "insole/hw/sim/gaitpdb_file.h"
#include "insole/hw/sim/recording_format.h"
#include "insole/hw/sim/scenario_file.h"
#include "insole/hw/sim/scenario_json.h"
#include "insole/hw/sim/sensor_readout.h"
#include "insole/wire/frame.h"
#include "insole/wire/readings.h"

namespace {

using insole::hw::sim::Foot;

constexpr const char* kUsage =
    "usage: insole-sim record --scenario F.json --seconds S --out DIR [--size EU]\n"
    "                         [--seed N] [--electrical]\n"
    "       insole-sim scenario --scenario F.json\n"
    "       insole-sim replay-gaitpdb --file F.txt --out DIR [--foot-length MM]\n"
    "       insole-sim inject --scenario F.json --side L|R --serial DEV [--seconds S]\n"
    "                         [--size EU] [--seed N] [--electrical]\n"
    "       insole-sim --help\n";

[[noreturn]] void usage(const std::string& msg) {
  std::fprintf(stderr, "insole-sim: %s\n%s", msg.c_str(), kUsage);
  std::exit(2);
}

struct Options {
  std::string command;
  std::string scenario;
  double seconds = 0;
  std::string out;
  std::optional<int> size;
  std::optional<std::uint64_t> seed;
  bool electrical = false;
  std::string file;
  double foot_length_mm = 265;
  std::string side;
  std::string serial;
};

double number(const std::string& flag, const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0') usage("not a number for " + flag + ": " + text);
  return v;
}

Options parse(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") {
      std::fputs(kUsage, stdout);
      std::exit(0);
    }
  }
  if (argc < 2) usage("missing command");
  Options o;
  o.command = argv[1];
  if (o.command != "record" && o.command != "scenario" && o.command != "replay-gaitpdb" &&
      o.command != "inject") {
    usage("unknown command " + o.command);
  }
  for (int i = 2; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--electrical") {
      o.electrical = true;
      continue;
    }
    if (i + 1 >= argc) usage("missing value for " + a);
    const char* v = argv[++i];
    if (a == "--scenario") {
      o.scenario = v;
    } else if (a == "--seconds") {
      o.seconds = number(a, v);
    } else if (a == "--out") {
      o.out = v;
    } else if (a == "--size") {
      o.size = static_cast<int>(number(a, v));
    } else if (a == "--file") {
      o.file = v;
    } else if (a == "--foot-length") {
      o.foot_length_mm = number(a, v);
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint64_t>(number(a, v));
    } else if (a == "--side") {
      o.side = v;
    } else if (a == "--serial") {
      o.serial = v;
    } else {
      usage("unknown option " + a);
    }
  }
  if (o.command == "replay-gaitpdb") {
    if (o.file.empty()) usage("--file is required");
    if (o.out.empty()) usage("--out is required");
    if (!(o.foot_length_mm >= 150 && o.foot_length_mm <= 350)) {
      usage("--foot-length must be in [150, 350] mm");
    }
    return o;
  }
  if (o.scenario.empty()) usage("--scenario is required");
  if (o.command == "record") {
    if (!(o.seconds > 0)) usage("--seconds must be positive");
    if (o.out.empty()) usage("--out is required");
  }
  if (o.command == "inject") {
    if (o.side != "L" && o.side != "R") usage("--side must be L or R");
    if (o.serial.empty()) usage("--serial is required");
    if (o.seconds < 0) usage("--seconds must not be negative (0: until SIGTERM)");
  }
  return o;
}

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

int record(const Options& o, insole::hw::sim::Scenario scenario) {
  namespace sim = insole::hw::sim;
  namespace el = insole::hw::electrical;
  if (o.size) scenario.eu_size = *o.size;
  if (o.seed) scenario.seed = *o.seed;
  const insole::hw::SenselLayout layout = insole::hw::layout_for_eu_size(scenario.eu_size);
  sim::GaitSimulator simulator(scenario, layout);

  const std::filesystem::path dir(o.out);
  std::filesystem::create_directories(dir);
  write_file(dir / "layout.json", sim::layout_json(layout));

  const std::size_t n = layout.sensels.size();
  std::ofstream csv(dir / "recording.csv", std::ios::binary);
  if (!csv) throw std::runtime_error("cannot write " + (dir / "recording.csv").string());
  csv << sim::csv_header(n);
  // Electrical chain per foot, seeded from the scenario seed (left, right).
  const el::ElectricalParams electrical;
  std::optional<el::MatrixReadout> chain[2];
  if (o.electrical) {
    chain[0].emplace(electrical, n, scenario.seed * 2 + 101);
    chain[1].emplace(electrical, n, scenario.seed * 2 + 102);
  }
  std::vector<double> forces[2] = {std::vector<double>(n), std::vector<double>(n)};
  std::vector<std::uint16_t> counts(n);
  std::string buffer;
  const auto frames = static_cast<std::uint64_t>(o.seconds * scenario.sample_rate_hz);
  for (std::uint64_t k = 0; k < frames; ++k) {
    const double t = simulator.frame_time_s(k);
    simulator.frame(k, forces[0], forces[1]);
    for (int side = 0; side < 2; ++side) {
      if (chain[side]) {
        chain[side]->read(t, forces[side], counts);
        for (std::size_t i = 0; i < n; ++i) {
          const el::SenselCalibration& c = chain[side]->calibration()[i];
          forces[side][i] = el::counts_to_newtons(electrical, c, counts[i] - c.offset_counts);
        }
      }
      sim::append_csv_row(buffer, t, side == 0 ? Foot::kLeft : Foot::kRight, forces[side]);
    }
    if (buffer.size() > (1u << 20)) {
      csv << buffer;
      buffer.clear();
    }
  }
  csv << buffer;
  csv.close();
  if (!csv) throw std::runtime_error("cannot write " + (dir / "recording.csv").string());

  std::string truth;
  const double end = frames > 0 ? simulator.frame_time_s(frames - 1) : 0.0;
  for (const sim::StepTruth& t : simulator.truth_between(0, end)) {
    if (t.toe_off_s > end) continue;  // only steps complete within the recording
    truth += sim::truth_json_line(t) + "\n";
  }
  write_file(dir / "truth.jsonl", truth);

  nlohmann::ordered_json meta;
  meta["simulator"] = std::string(sim::kSimulatorVersion);
  meta["scenario"] = nlohmann::ordered_json::parse(sim::scenario_to_json(scenario));
  meta["seed"] = scenario.seed;
  meta["sample_rate_hz"] = scenario.sample_rate_hz;
  meta["seconds"] = o.seconds;
  meta["frames_per_foot"] = frames;
  meta["grid_id"] = layout.grid_id;
  meta["forces"] = o.electrical ? "through the electrical chain (hw/electrical defaults)"
                                : "modelled newtons (no sensor model)";
  meta["files"] = {
      {"layout", "layout.json"}, {"recording", "recording.csv"}, {"truth", "truth.jsonl"}};
  write_file(dir / "meta.json", meta.dump(2) + "\n");
  std::fprintf(stderr, "insole-sim: %llu frames per foot, %s\n",
               static_cast<unsigned long long>(frames), dir.string().c_str());
  return 0;
}

int replay_gaitpdb(const Options& o) {
  namespace sim = insole::hw::sim;
  const sim::GaitpdbReplay replay(sim::read_gaitpdb_file(o.file));
  const insole::hw::SenselLayout layout = sim::gaitpdb_layout(o.foot_length_mm);
  const std::filesystem::path dir(o.out);
  std::filesystem::create_directories(dir);
  write_file(dir / "layout.json", sim::layout_json(layout));
  std::string csv = sim::csv_header(sim::kGaitpdbSensors);
  std::vector<double> left(sim::kGaitpdbSensors), right(sim::kGaitpdbSensors);
  for (std::size_t n = 0; n < replay.frame_count(); ++n) {
    replay.frame(n, left, right);
    sim::append_csv_row(csv, replay.frame_time_s(n), Foot::kLeft, left);
    sim::append_csv_row(csv, replay.frame_time_s(n), Foot::kRight, right);
  }
  write_file(dir / "recording.csv", csv);
  nlohmann::ordered_json meta;
  meta["source"] = "PhysioNet gaitpdb 1.0.0 (Hausdorff 2008, doi:10.13026/C24H3N), ODC-By 1.0";
  meta["file"] = std::filesystem::path(o.file).filename().string();
  meta["sample_rate_hz"] = sim::kGaitpdbRateHz;
  meta["frames_per_foot"] = replay.frame_count();
  meta["foot_length_mm"] = o.foot_length_mm;
  meta["grid_id"] = layout.grid_id;
  meta["forces"] = "the file's values, newtons (walking; absolute force roughly calibrated)";
  meta["files"] = {{"layout", "layout.json"}, {"recording", "recording.csv"}};
  write_file(dir / "meta.json", meta.dump(2) + "\n");
  return 0;
}

volatile std::sig_atomic_t g_stop = 0;
extern "C" void on_stop_signal(int) { g_stop = 1; }

std::int64_t ns_of(const timespec& t) {
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}
timespec timespec_of(std::int64_t ns) {
  return timespec{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
}

// The raw counts one foot's front end reads: forces from the gait simulator through either the
// electrical chain or the linear read-out, offsets and noise included.
class FootCounts {
 public:
  FootCounts(const insole::hw::sim::Scenario& scenario, const insole::hw::SenselLayout& layout,
             Foot side, bool electrical)
      : simulator_(scenario, layout), side_(side), forces_(layout.sensels.size()) {
    // Same seeds and parameters as insole-fw-host --scenario: one chain per foot, and trimmed
    // sensels (1 % residual gain spread) because the core does not load a gain table yet.
    const std::uint64_t seed = scenario.seed * 2 + (side == Foot::kLeft ? 101 : 102);
    const insole::hw::sim::ReadoutParams linear;
    if (electrical) {
      insole::hw::electrical::ElectricalParams params;
      params.gain_sd = 0.01;
      params.newtons_per_count = linear.newtons_per_count;
      chain_.emplace(params, forces_.size(), seed);
    } else {
      linear_.emplace(forces_.size(), linear, seed);
    }
  }
  void read(double t_s, std::span<std::uint16_t> counts) {
    simulator_.sample(t_s, side_, forces_);
    if (chain_) {
      chain_->read(t_s, forces_, counts);
    } else {
      linear_->read(forces_, counts);
    }
  }

 private:
  insole::hw::sim::GaitSimulator simulator_;
  Foot side_;
  std::vector<double> forces_;
  std::optional<insole::hw::electrical::MatrixReadout> chain_;
  std::optional<insole::hw::sim::SensorReadout> linear_;
};

int inject(const Options& o, insole::hw::sim::Scenario scenario) {
  if (o.size) scenario.eu_size = *o.size;
  if (o.seed) scenario.seed = *o.seed;
  insole::hw::sim::validate(scenario);
  const insole::hw::SenselLayout layout = insole::hw::layout_for_eu_size(scenario.eu_size);
  const Foot side = o.side == "L" ? Foot::kLeft : Foot::kRight;
  FootCounts foot(scenario, layout, side, o.electrical);

  const int fd = open(o.serial.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK);
  if (fd < 0) throw std::runtime_error("cannot open " + o.serial + ": " + std::strerror(errno));
  // Raw: a cooked line discipline would turn 0x0a into 0x0d 0x0a inside the frames.
  termios tio{};
  if (tcgetattr(fd, &tio) == 0) {
    cfmakeraw(&tio);
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
      throw std::runtime_error("cannot make " + o.serial + " raw: " + std::strerror(errno));
    }
  }  // not a tty (a pipe or file): nothing to configure

  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;  // no SA_RESTART: the sleep ends at once
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  const std::size_t n = layout.sensels.size();
  std::vector<std::uint16_t> counts(n);
  std::vector<std::uint8_t> packed(insole::wire::packed_readings_size(n));
  std::vector<std::uint8_t> frame(1 + insole::wire::encoded_size_max(packed.size()));
  std::vector<std::uint8_t> pending;  // the part of the last frame not yet written
  std::uint64_t written = 0, dropped = 0, skipped = 0;

  std::printf("insole-sim: injecting %s foot of \"%s\" (grid %s, %u Hz) into %s\n", o.side.c_str(),
              scenario.name.c_str(), layout.grid_id.c_str(),
              static_cast<unsigned>(scenario.sample_rate_hz), o.serial.c_str());
  std::fflush(stdout);

  // Scan k is due at start + k / rate, on CLOCK_MONOTONIC, slept to with TIMER_ABSTIME so the
  // period never drifts. After a descheduling longer than a period the scans that fell due are
  // skipped, not sent in a burst: the foot is sampled at the time it is sent, as an ADC would.
  const double rate = scenario.sample_rate_hz;
  const auto due_ns = [rate](std::uint64_t k) {
    return static_cast<std::int64_t>(static_cast<double>(k) * 1e9 / rate + 0.5);
  };
  timespec start{};
  clock_gettime(CLOCK_MONOTONIC, &start);
  const std::int64_t start_ns = ns_of(start);
  const std::int64_t end_ns =
      o.seconds > 0 ? static_cast<std::int64_t>(o.seconds * 1e9 + 0.5) : INT64_MAX;
  std::uint64_t k = 0;
  while (!g_stop) {
    const std::int64_t due = due_ns(k);
    if (due >= end_ns) break;
    const timespec wake = timespec_of(start_ns + due);
    if (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &wake, nullptr) != 0) continue;
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    const std::int64_t late = ns_of(now) - start_ns;
    const auto current = static_cast<std::uint64_t>(static_cast<double>(late) * rate / 1e9);
    if (current > k) {
      skipped += current - k;
      k = current;
    }

    foot.read(static_cast<double>(due_ns(k)) * 1e-9, counts);
    insole::wire::pack_readings(counts.data(), n, packed.data(), packed.size());
    frame[0] = insole::wire::kDelimiter;  // isolates the frame from a partial one before it
    const std::size_t size = insole::wire::encode_frame(
        static_cast<std::uint8_t>(insole::wire::Channel::kSenselInjection), packed.data(),
        packed.size(), frame.data() + 1, frame.size() - 1);
    if (pending.empty()) {
      pending.assign(frame.begin(), frame.begin() + static_cast<std::ptrdiff_t>(size + 1));
      ++written;
    } else {
      ++dropped;  // the previous frame is still going out (e.g. no reader on the pty yet)
    }
    const ssize_t w = write(fd, pending.data(), pending.size());
    if (w > 0) {
      pending.erase(pending.begin(), pending.begin() + w);
    } else if (w < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
      const std::string why = std::strerror(errno);
      close(fd);
      throw std::runtime_error("cannot write " + o.serial + ": " + why);
    }
    ++k;
  }
  close(fd);
  std::fprintf(stderr,
               "insole-sim: %llu frames written, %llu dropped (link busy), %llu scans skipped "
               "(late)\n",
               static_cast<unsigned long long>(written), static_cast<unsigned long long>(dropped),
               static_cast<unsigned long long>(skipped));
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options o = parse(argc, argv);
  if (o.command == "replay-gaitpdb") return replay_gaitpdb(o);
  const insole::hw::sim::Scenario scenario = insole::hw::sim::read_scenario_file(o.scenario);
  if (o.command == "scenario") {
    std::fputs(insole::hw::sim::scenario_to_json(scenario).c_str(), stdout);
    return 0;
  }
  if (o.command == "inject") return inject(o, scenario);
  return record(o, scenario);
} catch (const std::exception& e) {
  std::fprintf(stderr, "insole-sim: %s\n", e.what());
  return 1;
}
