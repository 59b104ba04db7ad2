#include "deterministic_run.h"

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "insole/fw/device.h"
#include "insole/hal/clock.h"
#include "insole/replay/replayed_matrix.h"
#include "insole/replay/scripted_run.h"
#include "replay_files.h"

namespace insole::fw::host {
namespace {

// Device time without real time: set by the run loop, constant within one poll.
class SteppedClock final : public hal::Clock {
 public:
  uint64_t now_us() const override { return now_; }
  void advance_to(uint64_t t_us) { now_ = std::max(now_, t_us); }

 private:
  uint64_t now_ = 0;
};

// Replayed scans can be served for any past instant, as on the emulated board.
constexpr uint32_t kCatchUpSlots = 400;

}  // namespace

int run_deterministic(const DeterministicRun& options, const hal::BoardIdentity& identity,
                      hal::Flash* flash) {
  InputFile scans(options.scans);
  replay::ReplayedMatrix matrix(scans);
  if (!matrix.open()) {
    throw std::runtime_error("scan file " + options.scans + " is not a scan file, or empty");
  }
  const uint32_t rate = options.rate_hz != 0 ? options.rate_hz : matrix.header().rate_hz;
  uint32_t frames = options.frames;
  if (frames == 0) {
    frames = static_cast<uint32_t>((static_cast<size_t>(scans.size()) - replay::kScanHeaderBytes) /
                                   replay::scan_record_size(matrix.sensel_count()));
  }
  OutputFile out(options.frames_out);
  replay::ScriptedRun run(out, rate, frames);
  SteppedClock clock;
  Device device(identity, matrix, run, clock, flash);
  device.set_catch_up_slots(kCatchUpSlots);

  device.boot();
  for (;;) {
    device.poll();
    run.after_poll(device.frames_sent(), device.streaming(), clock.now_us());
    if (run.state() != replay::ScriptedRun::State::kRunning) break;
    clock.advance_to(device.next_wakeup_us());
  }
  const bool closed = out.close();
  std::fprintf(stderr,
               "insole-fw-host: deterministic run: %u frames in %llu ms of device time, %llu "
               "bytes out\n",
               device.frames_sent(), static_cast<unsigned long long>(clock.now_us() / 1000u),
               static_cast<unsigned long long>(run.bytes_written()));
  if (matrix.damaged()) std::fprintf(stderr, "insole-fw-host: scan file: last record cut short\n");
  if (run.state() == replay::ScriptedRun::State::kFailed) {
    std::fprintf(stderr, "insole-fw-host: deterministic run failed: %s\n", run.failure());
    return 1;
  }
  if (!closed) {
    std::fprintf(stderr, "insole-fw-host: cannot write %s\n", options.frames_out.c_str());
    return 1;
  }
  return 0;
}

}  // namespace insole::fw::host
