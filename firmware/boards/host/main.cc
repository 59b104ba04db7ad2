// insole-fw-host: the insole firmware core running as a Linux process.
//
// It opens a pseudo-terminal, prints "link <slave path>" on stdout once the link is up (the
// ready signal tests and scripts wait for), and then behaves like one insole on a USB serial
// port: it answers commands and, while streaming, scans a simulated foot at the set rate.
// Without --scenario the foot is the simple running foot read linearly (flags --mass, --cadence,
// --strike-index, --contact-time, --phase); with --scenario FILE it is this side's foot of the
// gait simulator (hw/sim) read through the electrical chain (hw/electrical).
// SIGINT/SIGTERM end it cleanly. --flash FILE gives it a recording flash in FILE.
// With --scans FILE --frames-out FILE it runs deterministically instead (deterministic_run.h):
// no pty, no real time, and exits when the scripted run is over.
#include <poll.h>
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

#include "deterministic_run.h"
#include "file_flash.h"
#include "insole/fw/device.h"
#include "insole/hal/clock.h"
#include "insole/hw/sim/scenario_file.h"
#include "pty_link.h"
#include "scenario_readout.h"
#include "simulated_matrix.h"

namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

class MonotonicClock final : public insole::hal::Clock {
 public:
  MonotonicClock() : start_(raw()) {}
  uint64_t now_us() const override { return raw() - start_; }

 private:
  static uint64_t raw() {
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<uint64_t>(ts.tv_sec) * 1000000u + static_cast<uint64_t>(ts.tv_nsec) / 1000u;
  }
  uint64_t start_;
};

struct Options {
  insole::hal::Side side = insole::hal::Side::kLeft;
  std::string serial;
  std::string link_path;  // optional symlink to the pty slave
  int eu_size = 42;
  double mass_kg = 70;
  double cadence_spm = 170;
  double strike_index = 0.15;
  double contact_time_s = 0.25;
  double phase_s = -1;
  std::uint64_t seed = 1;
  std::string scenario;  // scenario file; empty: simple foot
  std::string flash;     // flash file; empty: no flash
  std::uint64_t flash_bytes = 4 * 1024 * 1024;
  insole::fw::host::DeterministicRun run;  // used when run.scans is set
  bool seed_given = false, size_given = false, mass_given = false, cadence_given = false;
  bool simple_only_given = false;  // --strike-index, --contact-time, --phase
};

[[noreturn]] void usage(const char* msg) {
  std::fprintf(stderr,
               "insole-fw-host: %s\n"
               "usage: insole-fw-host [--side L|R] [--serial SN] [--size EU] [--mass KG]\n"
               "       [--cadence SPM] [--strike-index 0..1] [--contact-time S] [--phase S]\n"
               "       [--seed N] [--link-path PATH] [--scenario FILE]\n"
               "       [--flash FILE [--flash-mib N | --flash-kib N]]\n"
               "       insole-fw-host --scans FILE --frames-out FILE [--frames N] [--rate HZ]\n"
               "       [--flash FILE [--flash-mib N]]\n"
               "with --scenario, --mass and --cadence override the file and --strike-index,\n"
               "--contact-time and --phase are refused\n",
               msg);
  std::exit(2);
}

double number(const char* flag, const char* text) {
  char* end = nullptr;
  const double v = std::strtod(text, &end);
  if (end == text || *end != '\0') usage((std::string("not a number for ") + flag).c_str());
  return v;
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (i + 1 >= argc) usage(("missing value for " + std::string(a)).c_str());
    const char* v = argv[++i];
    if (a == "--side") {
      if (std::string_view(v) == "L")
        o.side = insole::hal::Side::kLeft;
      else if (std::string_view(v) == "R")
        o.side = insole::hal::Side::kRight;
      else
        usage("--side must be L or R");
    } else if (a == "--serial")
      o.serial = v;
    else if (a == "--link-path")
      o.link_path = v;
    else if (a == "--size") {
      o.eu_size = static_cast<int>(number("--size", v));
      o.size_given = true;
    } else if (a == "--mass") {
      o.mass_kg = number("--mass", v);
      o.mass_given = true;
    } else if (a == "--cadence") {
      o.cadence_spm = number("--cadence", v);
      o.cadence_given = true;
    } else if (a == "--strike-index") {
      o.strike_index = number("--strike-index", v);
      o.simple_only_given = true;
    } else if (a == "--contact-time") {
      o.contact_time_s = number("--contact-time", v);
      o.simple_only_given = true;
    } else if (a == "--phase") {
      o.phase_s = number("--phase", v);
      o.simple_only_given = true;
    } else if (a == "--seed") {
      o.seed = static_cast<std::uint64_t>(number("--seed", v));
      o.seed_given = true;
    } else if (a == "--scenario")
      o.scenario = v;
    else if (a == "--flash")
      o.flash = v;
    else if (a == "--flash-mib") {
      const auto mib = static_cast<std::uint64_t>(number("--flash-mib", v));
      if (mib < 1 || mib > 4096) usage("--flash-mib must be 1..4096");
      o.flash_bytes = mib * 1024 * 1024;
    } else if (a == "--flash-kib") {  // a small flash that fills in seconds, for tests
      const auto kib = static_cast<std::uint64_t>(number("--flash-kib", v));
      if (kib < 16 || kib % 4 != 0 || kib > 4096 * 1024)
        usage("--flash-kib must be a multiple of 4 in 16..4194304");
      o.flash_bytes = kib * 1024;
    } else if (a == "--scans")
      o.run.scans = v;
    else if (a == "--frames-out")
      o.run.frames_out = v;
    else if (a == "--frames")
      o.run.frames = static_cast<std::uint32_t>(number("--frames", v));
    else if (a == "--rate")
      o.run.rate_hz = static_cast<std::uint32_t>(number("--rate", v));
    else
      usage(("unknown option " + std::string(a)).c_str());
  }
  if (!o.scenario.empty() && o.simple_only_given) {
    usage("--strike-index, --contact-time and --phase do not apply with --scenario");
  }
  if (o.run.scans.empty() != o.run.frames_out.empty())
    usage("--scans and --frames-out go together");
  if (o.run.scans.empty() && (o.run.frames != 0 || o.run.rate_hz != 0)) {
    usage("--frames and --rate need --scans");
  }
  if (!o.run.scans.empty() && !o.scenario.empty()) usage("--scans replaces --scenario");
  const bool left = o.side == insole::hal::Side::kLeft;
  if (o.serial.empty()) o.serial = left ? "SIM-L-0001" : "SIM-R-0001";
  // Left lands first; right half a stride later, as in running.
  if (o.phase_s < 0) o.phase_s = left ? 0.5 : 0.5 + 60.0 / o.cadence_spm;
  return o;
}

}  // namespace

int main(int argc, char** argv) try {
  const Options opt = parse(argc, argv);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  std::signal(SIGPIPE, SIG_IGN);

  const bool left = opt.side == insole::hal::Side::kLeft;
  std::optional<insole::fw::host::SimulatedMatrix> simulated;
  const insole::hw::sim::ReadoutParams readout;  // both sources report 0.1 N per count
  std::string grid_id;
  if (opt.scenario.empty()) {
    insole::hw::SenselLayout layout = insole::hw::layout_for_eu_size(opt.eu_size);
    insole::hw::sim::FootParams foot;
    foot.left = left;
    foot.body_mass_kg = opt.mass_kg;
    foot.cadence_spm = opt.cadence_spm;
    foot.contact_time_s = opt.contact_time_s;
    foot.strike_index = opt.strike_index;
    foot.phase_s = opt.phase_s;
    grid_id = layout.grid_id;
    simulated.emplace(std::move(layout), foot, readout, opt.seed);
  } else {
    insole::hw::sim::Scenario scenario = insole::hw::sim::read_scenario_file(opt.scenario);
    if (opt.seed_given) scenario.seed = opt.seed;
    if (opt.size_given) scenario.eu_size = opt.eu_size;
    if (opt.mass_given) scenario.body_mass_kg = opt.mass_kg;
    if (opt.cadence_given) scenario.cadence_spm = opt.cadence_spm;
    insole::hw::SenselLayout layout = insole::hw::layout_for_eu_size(scenario.eu_size);
    grid_id = layout.grid_id;
    simulated.emplace(std::move(layout), scenario,
                      left ? insole::hw::sim::Foot::kLeft : insole::hw::sim::Foot::kRight,
                      insole::fw::host::trimmed_electrical(readout.newtons_per_count),
                      insole::fw::host::electrical_seed(scenario.seed, left));
  }
  insole::fw::host::SimulatedMatrix& matrix = *simulated;

  const insole::hal::BoardIdentity identity{"host",
                                            opt.serial.c_str(),
                                            grid_id.c_str(),
                                            opt.side,
                                            static_cast<float>(readout.newtons_per_count),
                                            0};
  std::optional<insole::fw::host::FileFlash> flash;
  if (!opt.flash.empty()) flash.emplace(opt.flash, opt.flash_bytes);
  insole::hal::Flash* const flash_in_use = flash ? &*flash : nullptr;
  if (!opt.run.scans.empty())
    return insole::fw::host::run_deterministic(opt.run, identity, flash_in_use);

  insole::fw::host::PtyLink link;
  MonotonicClock clock;
  insole::fw::Device device(identity, matrix, link, clock, flash_in_use);
  // The simulated foot can be sampled at any past instant, so a process the OS descheduled
  // catches up (up to 2 s) instead of skipping scans, as the timer-driven ADC of a real insole
  // never would.
  device.set_catch_up_slots(400);

  if (!opt.link_path.empty()) {
    unlink(opt.link_path.c_str());
    if (symlink(link.slave_path().c_str(), opt.link_path.c_str()) != 0) {
      std::fprintf(stderr, "insole-fw-host: cannot create %s: %s\n", opt.link_path.c_str(),
                   std::strerror(errno));
      return 1;
    }
  }
  std::printf("link %s\n", link.slave_path().c_str());
  std::fflush(stdout);
  device.boot();

  while (!g_stop) {
    device.poll();
    const int64_t wait_us =
        static_cast<int64_t>(device.next_wakeup_us()) - static_cast<int64_t>(clock.now_us());
    pollfd pfd{link.fd(), static_cast<short>(POLLIN | (link.has_pending_output() ? POLLOUT : 0)),
               0};
    const int64_t clamped_us = wait_us < 0 ? 0 : (wait_us > 100000 ? 100000 : wait_us);
    timespec timeout{0, static_cast<long>(clamped_us * 1000)};
    ppoll(&pfd, 1, &timeout, nullptr);
    if (pfd.revents & POLLOUT) link.flush();
  }
  if (!opt.link_path.empty()) unlink(opt.link_path.c_str());
  std::fprintf(stderr, "insole-fw-host: stopped after %u frames\n", device.frames_sent());
  return 0;
} catch (const std::exception& e) {
  std::fprintf(stderr, "insole-fw-host: %s\n", e.what());
  return 1;
}
