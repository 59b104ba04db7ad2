// insoled's core: finds insoles, runs one DeviceSession per insole, records them into runs.
//
// Where insoles come from (config.h): the configured device URIs, serial paths matching the
// serial_glob patterns (looked at once a second), and USB hotplug for the usb VID:PID. In
// service mode a source whose session ends is tried again (reconnect_schedule.h); an insole
// that comes back while its run is still open rejoins it (same run device, RunRecorder). A run
// begins when the first insole finishes its handshake and ends run_idle_end_s after the last
// one left; the next insole starts a new run. In one-run mode (RunMode::one_run) sources are
// tried once and the daemon ends with its run: at duration_s, on SIGINT/SIGTERM, or when every
// session has ended.
//
// Signals: SIGINT/SIGTERM stop every session, flush and close the run, and end run(). SIGHUP
// (service mode) calls the reload function and applies the new configuration (apply_config),
// or keeps the running one when the new one has errors.
//
// Components (the local API) register a DaemonListener and read status(); everything runs on
// the one io_context thread.
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
#include "daemon_listener.h"
#include "insole/link/usb_hotplug.h"
#include "insole/session/device_session.h"
#include "insole/store/sqlite.h"
#include "reconnect_schedule.h"
#include "run_recorder.h"

namespace insole::app {

struct RunMode {
  bool one_run = false;
  double duration_s = 0;  // one run: end this long after the first insole streams (0: no limit)
};

struct DeviceStatus {
  std::string uri;
  std::string serial_number;  // empty until the handshake is done
  char side = '?';
  std::string firmware_version;  // empty until the handshake is done
  bool streaming = false;
  session::LinkStats stats;
};

struct DaemonStatus {
  std::optional<std::int64_t> run_id;  // the run being recorded, if any
  std::vector<DeviceStatus> devices;
  const RunRecorder* run = nullptr;  // the open run, if any; valid until the loop runs on
};

class Daemon {
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

  void add_listener(DaemonListener* listener) { listeners_.push_back(listener); }
  const Config& config() const { return config_; }
  DaemonStatus status() const;
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
  void start_usb_watch();
  void reload();
  void stop_all(const std::string& why);
  void tick();
  bool flush();
  int end_run();
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

  std::unique_ptr<RunRecorder> recorder_;                 // the open run; null between runs
  std::vector<std::unique_ptr<RunRecorder>> unfinished_;  // runs the database would not close
  std::uint64_t run_generation_ = 0;
  std::map<std::uint64_t, std::unique_ptr<Slot>> slots_;
  std::uint64_t next_slot_id_ = 1;

  std::map<std::string, ReconnectSchedule> schedule_;       // source key -> next try
  std::map<std::string, std::string> serial_by_source_;     // source key -> last serial number
  std::map<std::string, std::uint32_t> boot_by_serial_;     // serial -> its last boot id
  std::map<std::string, link::UsbDeviceInfo> usb_present_;  // hotplug uri -> device
  std::set<std::string> tried_;                             // one-run mode: sources tried
  std::unique_ptr<link::UsbHotplugWatcher> usb_watch_;

  boost::asio::steady_timer tick_timer_;
  boost::asio::steady_timer idle_timer_;
  boost::asio::steady_timer duration_timer_;
  boost::asio::signal_set stop_signals_;
  boost::asio::signal_set reload_signal_;
  std::vector<DaemonListener*> listeners_;
  bool duration_armed_ = false;
  bool stopping_ = false;
  bool finished_ = false;
  int exit_code_ = 0;
};

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_DAEMON_H_
