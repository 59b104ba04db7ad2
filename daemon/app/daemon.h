// insoled's core: finds insoles, runs one DeviceSession per insole, records them into runs.
//
// Where insoles come from (config.h): the configured device URIs, serial paths matching the
// serial_glob patterns (looked at once a second), and USB hotplug for the usb VID:PID. In
// service mode a source whose session ends is tried again (reconnect_schedule.h); an insole
// that comes back while its run is still open rejoins it (same run device, run::RunBuilder). A run
// begins when the first insole finishes its handshake and ends run_idle_end_s after the last
// one left; the next insole starts a new run. A run is one pair: an insole on a side the run
// already has (another serial number) is refused (run::SideTaken), said once per run. In one-run
// mode (RunMode::one_run) sources are tried once and the daemon ends with its run: at duration_s,
// on SIGINT/SIGTERM, or when every session has ended.
//
// Signals: SIGINT/SIGTERM stop every session, flush and close the run, and end run(). SIGHUP
// (service mode) calls the reload function and applies the new configuration (apply_config),
// or keeps the running one when the new one has errors.
//
// Components (the local API, the dashboard) register a run::RunListener and read status(), a
// snapshot by value (run::RunHub); everything runs on the one io_context thread. Frames go
// through run::RunBuilder (daemon/run), links come from link::open_link (daemon/link).
#ifndef INSOLE_DAEMON_APP_DAEMON_H_
#define INSOLE_DAEMON_APP_DAEMON_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config.h"
#include "insole/link/capture.h"
#include "insole/link/reconnect_schedule.h"
#include "insole/link/usb_hotplug.h"
#include "insole/run/run_builder.h"
#include "insole/run/run_listener.h"
#include "insole/session/device_session.h"
#include "insole/store/sqlite.h"

namespace insole::app {

struct RunMode {
  bool one_run = false;
  double duration_s = 0;  // one run: end this long after the first insole streams (0: no limit)
};

class Daemon final : public run::RunHub {
 public:
  // Re-reads the configuration for SIGHUP (file + flags).
  using Reload = std::function<ConfigParse()>;

  Daemon(boost::asio::io_context& io, store::Connection& db, Config config, RunMode mode,
         Reload reload);
  ~Daemon();
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;

  // Runs until the end (see above); returns the exit status: 0, or 1 when no insole could be
  // used in one-run mode or the run could not be closed.
  int run();

  // Applies a new configuration now (what SIGHUP does with a valid file). The database cannot
  // change while running: a new path is refused with an error and the old one kept.
  void apply_config(Config config);

  void add_listener(run::RunListener* listener) override { listeners_.push_back(listener); }
  run::DaemonStatus status() const override;
  bool store_recording_now() override;
  void forget_steps(std::int64_t run_id, double from_s, double to_s) override;
  const Config& config() const { return config_; }
  boost::asio::io_context& io() { return io_; }

 private:
  struct Slot;

  void scan();
  void open_source(const std::string& key, const std::string& uri);
  void on_ready(std::uint64_t id, const insole::v1::DeviceInfo& info);
  void on_frame(std::uint64_t id, const session::SensorFrame& frame,
                std::chrono::steady_clock::time_point received);
  void on_closed(std::uint64_t id, const std::string& reason, bool error);
  void after_session_ended();
  // The link wrapped in a CaptureLink writing into config().capture_dir (the link itself when
  // no capture file can be made).
  std::unique_ptr<link::Link> capture(std::unique_ptr<link::Link> link, std::uint64_t id);
  void start_usb_watch();
  void reload();
  void stop_all(const std::string& why);
  void tick();
  bool flush();
  int end_run();
  // The run's start the insoles recorded by themselves before this PC took over becomes part of
  // it (run/recorded_start.h); logged, never fatal.
  void join_recorded_starts(std::int64_t run_id);
  void retry_unfinished_runs();
  void shutdown();
  void publish_status();
  std::size_t open_sessions() const;
  std::size_t sessions_in_run() const;

  boost::asio::io_context& io_;
  store::Connection& db_;
  Config config_;
  RunMode mode_;
  Reload reload_;

  std::unique_ptr<run::RunBuilder> recorder_;                 // the open run; null between runs
  std::vector<std::unique_ptr<run::RunBuilder>> unfinished_;  // runs the database would not close
  std::uint64_t run_generation_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Slot>> slots_;
  std::uint64_t next_slot_id_ = 1;

  std::map<std::string, link::ReconnectSchedule> schedule_;  // source key -> next try
  std::map<std::string, std::string> serial_by_source_;      // source key -> last serial number
  std::map<std::string, std::uint32_t> boot_by_serial_;      // serial -> its last boot id
  std::map<std::string, link::UsbDeviceInfo> usb_present_;   // hotplug uri -> device
  std::set<std::string> tried_;                              // one-run mode: sources tried
  std::map<std::string, std::uint64_t> refused_;  // serial -> run generation it was refused in
  std::unique_ptr<link::UsbHotplugWatcher> usb_watch_;
  // One clock for the captures this daemon writes and the replays it plays (capture.h).
  std::shared_ptr<link::CaptureOrigin> capture_origin_ = std::make_shared<link::CaptureOrigin>();

  boost::asio::steady_timer tick_timer_;
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer duration_timer_;
  boost::asio::signal_set stop_signals_;
  boost::asio::signal_set reload_signal_;
  std::vector<run::RunListener*> listeners_;
  bool duration_armed_ = false;
  bool stopping_ = false;
  bool finished_ = false;
  int exit_code_ = 0;
};

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_DAEMON_H_
