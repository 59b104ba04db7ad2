// insole-fw-mps2: the insole firmware core on QEMU's mps2-an386 (Cortex-M4F).
//
//   UART0  text console: banner and streaming state changes
//   UART1  host link: framed protobuf, exactly as on the product's USB link
//   UART2  sensel injection from a simulator (Channel::kSenselInjection)
//   TIMER0 the µs clock: a free-running counter (apb_timer_clock.h says why not SysTick)
//   SysTick 1 kHz: only the wake-up that lets the core sleep in WFI
//   semihosting: the recording flash file and the run mode (board_args.h)
//
// Three modes, chosen by the semihosting command line: the live board above; a deterministic
// run (scans from a file, output to a file, exit with a status; docs/firmware.md); and the
// budget run that measures instructions per frame on built-in scans.
//
// The interrupt handlers only move bytes and count timer wraps; all protocol work happens in
// the main loop, in the same insole::fw::Device every board runs.
#include <stddef.h>
#include <stdint.h>

#include "apb_timer_clock.h"
#include "board_args.h"
#include "console.h"
#include "cortex_m.h"
#include "frame_budget.h"
#include "idle.h"
#include "injected_matrix.h"
#include "insole/fw/device.h"
#include "insole/hal/board_identity.h"
#include "insole/replay/replayed_matrix.h"
#include "insole/replay/scripted_run.h"
#include "pass_clock.h"
#include "semihosted_file.h"
#include "semihosted_flash.h"
#include "semihosting.h"
#include "synthetic_scans.h"
#include "uart_link.h"

// <new> is not part of this toolchain: the standard placement form, so the Device can be built
// once the command line has chosen its parts.
inline void* operator new(size_t, void* where) noexcept { return where; }

namespace {

using namespace insole::fw::mps2;

static_assert(1 + insole::wire::encoded_size_max(insole_v1_DeviceMessage_size) <= UartLink::kTxRing,
              "the TX ring must hold the largest framed DeviceMessage");

constexpr insole::hal::BoardIdentity kIdentity{
    "mps2-an386", "QEMU-L-0001", "eu42-r1", insole::hal::Side::kLeft, 0.1f, 0};

using insole::fw::Device;

ApbTimerClock g_clock;
UartLink g_link(kUart1Base, kUart1RxIrq, kUart1TxIrq);
InjectedMatrix g_matrix(kUart2Base, kUart2RxIrq);
SemihostedFlash g_flash;
insole::hal::Flash* g_flash_in_use = nullptr;  // set when flash= was given
alignas(Device) uint8_t g_device_storage[sizeof(Device)];

// QEMU's exit codes for the runs that end.
constexpr uint32_t kExitOk = 0;
constexpr uint32_t kExitRunFailed = 1;
constexpr uint32_t kExitBadArgs = 2;
constexpr uint32_t kExitOverBudget = 3;
// Replayed scans can be served for any past instant (replayed_matrix.h), as the host build's
// simulated foot can: frames then carry their scheduled times.
constexpr uint32_t kReplayCatchUpSlots = 400;
constexpr uint32_t kBudgetFrames = 1000;

constexpr uint32_t kCpuHz = 25000000;  // QEMU mps2-an386 SYSCLK, which SysTick counts

// The streaming time printed at the stop is on the board's clock, so a test can compare it with
// the host's clock.
void report_streaming_change(const Device& device) {
  static bool was_streaming = false;
  static uint64_t started_us = 0;
  if (device.streaming() == was_streaming) return;
  was_streaming = device.streaming();
  if (was_streaming) {
    started_us = g_clock.now_us();
    console::print("streaming at ");
    console::print_u32(device.sample_rate_hz());
    console::print(" Hz\n");
  } else {
    console::print("stopped after ");
    console::print_u32(static_cast<uint32_t>((g_clock.now_us() - started_us) / 1000u));
    console::print(" ms: ");
    console::print_u32(device.frames_sent());
    console::print(" frames sent, ");
    console::print_u32(g_matrix.injected_scans());
    console::print(" scans injected, ");
    console::print_u32(g_matrix.rejected_frames());
    console::print(" injection frames rejected, ");
    console::print_u32(g_link.rx_dropped() + g_matrix.rx_dropped());
    console::print(" rx bytes dropped\n");
  }
}

// Sleeps until an interrupt when nothing is due (idle.h).
void idle(const Device& device) {
  sleep_unless([&device] {
    return g_link.rx_pending() || g_matrix.rx_pending() ||
           g_clock.now_us() >= device.next_wakeup_us();
  });
}

// Sleeps until TIMER0 reads at least t_us (the SysTick wake-up bounds each sleep to 1 ms; under
// -icount sleep=off QEMU skips the idle time instead of waiting it out).
void sleep_until(uint64_t t_us) {
  while (!sleep_unless([t_us] { return g_clock.now_us() >= t_us; })) {
  }
}

[[noreturn]] void fail(uint32_t status, const char* what, const char* why) {
  console::print(what);
  console::print(": ");
  console::print(why);
  console::print("\n");
  semihosting::exit(status);
}

enum class Mode : uint8_t { kLive, kReplay, kBudget };

struct Config {
  Mode mode = Mode::kLive;
  uint32_t frames = 0;
  uint32_t rate_hz = 0;
  uint32_t scan_bytes = 0;  // the scan file's length
};

// The budget run's output: only counted (by the ScriptedRun), never kept.
class Discard final : public insole::replay::ByteSink {
 public:
  bool write(const uint8_t*, size_t) override { return true; }
};

SemihostedFile g_scans_file;
SemihostedFile g_frames_out;

// Reads the semihosting command line and opens the files it names (the line and the names are
// needed only until then, so they live on this function's stack). Exits on any error: a run
// asked for something it cannot have.
Config configure() {
  char line[384];
  if (!semihosting::command_line(line, sizeof(line))) {
    fail(kExitBadArgs, "semihosting command line", "unreadable or longer than 383 bytes");
  }
  const BoardArgs args = parse_board_args(line);
  if (args.error != nullptr) fail(kExitBadArgs, "semihosting command line", args.error);
  if (args.flash != nullptr) {
    const char* why = "";
    if (!g_flash.open(args.flash, args.flash_mib * 1024u * 1024u, &why)) {
      fail(kExitBadArgs, args.flash, why);
    }
    g_flash_in_use = &g_flash;
  }
  Config config;
  config.frames = args.frames;
  config.rate_hz = args.rate_hz;
  if (args.budget) config.mode = Mode::kBudget;
  if (args.scans != nullptr) {
    config.mode = Mode::kReplay;
    if (!g_scans_file.open(args.scans, semihosting::Mode::kRead)) {
      fail(kExitBadArgs, args.scans, "cannot open the scan file");
    }
    const int32_t length = g_scans_file.length();
    config.scan_bytes = length > 0 ? static_cast<uint32_t>(length) : 0;
    if (!g_frames_out.open(args.frames_out, semihosting::Mode::kCreate)) {
      fail(kExitBadArgs, args.frames_out, "cannot create the output file");
    }
  }
  return config;
}

[[noreturn]] void run_live() {
  g_link.start();
  g_matrix.start();
  console::print("insole-fw-mps2 ready: ");
  console::print(kIdentity.serial_number);
  console::print(", ");
  console::print(kIdentity.grid_id);
  console::print(", host link on UART1, sensel injection on UART2");
  console::print(g_flash_in_use != nullptr ? ", flash file\n" : "\n");

  Device& device =
      *new (g_device_storage) Device(kIdentity, g_matrix, g_link, g_clock, g_flash_in_use);
  device.boot();
  for (;;) {
    g_matrix.service();
    device.poll();
    report_streaming_change(device);
    idle(device);
  }
}

// A scripted run without a host (scripted_run.h) over `source`, the Device's output going to
// `sink`; measures every poll. Returns the run's final state after printing a summary.
insole::replay::ScriptedRun::State run_scripted(insole::replay::ByteSource& source,
                                                insole::replay::ByteSink& sink, Config config,
                                                FrameBudget& budget, uint32_t* largest_frame) {
  static insole::replay::ReplayedMatrix matrix(source);
  if (!matrix.open()) fail(kExitRunFailed, "scan file", "not a scan file, or no record");
  const uint32_t rate = config.rate_hz != 0 ? config.rate_hz : matrix.header().rate_hz;
  uint32_t frames = config.frames;
  if (frames == 0) {  // one per record
    frames = (config.scan_bytes - insole::replay::kScanHeaderBytes) /
             insole::replay::scan_record_size(matrix.sensel_count());
  }
  static insole::replay::ScriptedRun run(sink, rate, frames);
  static PassClock clock(g_clock);
  Device& device = *new (g_device_storage) Device(kIdentity, matrix, run, clock, g_flash_in_use);
  device.set_catch_up_slots(kReplayCatchUpSlots);

  clock.latch();
  device.boot();
  for (;;) {
    const uint32_t before = device.frames_sent();
    const uint64_t start = g_clock.now_ticks();
    device.poll();
    budget.add_poll(g_clock.now_ticks() - start, device.frames_sent() - before);
    run.after_poll(device.frames_sent(), device.streaming(), clock.now_us());
    if (run.state() != insole::replay::ScriptedRun::State::kRunning) break;
    sleep_until(clock.source_time(device.next_wakeup_us()));
    clock.latch();
  }
  console::print("deterministic run: ");
  console::print_u32(device.frames_sent());
  console::print(" frames in ");
  console::print_u32(static_cast<uint32_t>(clock.now_us() / 1000u));
  console::print(" ms of device time, ");
  console::print_u32(static_cast<uint32_t>(run.bytes_written()));
  console::print(" bytes out\n");
  if (matrix.damaged()) console::print("scan file: its last record is cut short\n");
  if (run.state() == insole::replay::ScriptedRun::State::kFailed) {
    console::print("deterministic run failed: ");
    console::print(run.failure());
    console::print("\n");
  }
  *largest_frame = run.largest_frame_bytes();
  return run.state();
}

}  // namespace

extern "C" void SysTick_Handler() {}  // the wake-up alone is its purpose
extern "C" void Timer0_IRQHandler() { g_clock.on_wrap_irq(); }
extern "C" void Uart1Rx_IRQHandler() { g_link.on_rx_irq(); }
extern "C" void Uart1Tx_IRQHandler() { g_link.on_tx_irq(); }
extern "C" void Uart2Rx_IRQHandler() { g_matrix.on_rx_irq(); }

extern "C" [[noreturn]] void board_main() {
  console::start();
  g_clock.start();
  start_wakeup_tick(kCpuHz);
  const Config config = configure();
  if (config.mode == Mode::kLive) run_live();

  FrameBudget budget;
  uint32_t largest_frame = 0;
  if (config.mode == Mode::kBudget) {
    static SyntheticScans scans(kBudgetFrames);
    static Discard nowhere;
    Config c = config;
    c.frames = kBudgetFrames;
    const auto state = run_scripted(scans, nowhere, c, budget, &largest_frame);
    const bool ok = budget.report(largest_frame);
    if (state != insole::replay::ScriptedRun::State::kDone) semihosting::exit(kExitRunFailed);
    semihosting::exit(ok ? kExitOk : kExitOverBudget);
  }
  const auto state = run_scripted(g_scans_file, g_frames_out, config, budget, &largest_frame);
  budget.report(largest_frame);
  const bool closed = g_frames_out.close();
  if (!closed) console::print("frames-out: cannot close the output file\n");
  semihosting::exit(state == insole::replay::ScriptedRun::State::kDone && closed ? kExitOk
                                                                                 : kExitRunFailed);
}
