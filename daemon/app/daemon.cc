#include "daemon.h"

#include <boost/asio/post.hpp>
#include <cctype>
#include <csignal>
#include <utility>

#include "insole/link/capture_link.h"
#include "insole/link/link.h"
#include "insole/link/serial_paths.h"
#include "insole/log/log.h"
#include "insole/paths/install_paths.h"
#include "insole/reports/run_report.h"
#include "insole/run/device_record.h"
#include "insole/run/flash_importer.h"
#include "insole/run/recorded_start.h"
#include "insole/run/time_mapping.h"
#include "insole/store/schema.h"
#include "service_notify.h"

namespace insole::app {

namespace asio = boost::asio;
using session::DeviceSession;
using Clock = std::chrono::steady_clock;

namespace {

// Live links are read every 20 ms, not on every 5 ms frame (docs/performance.md).
constexpr std::chrono::milliseconds kReadTick{20};

std::int64_t steady_us(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::microseconds>(t.time_since_epoch()).count();
}

}  // namespace

struct Daemon::Slot {
  std::string source;  // what found it: a configured URI, "serial:" + matched path, a USB uri
  std::optional<std::string> device_file;        // the tty it opened, symlinks resolved
  std::unique_ptr<run::FlashImporter> importer;  // outlives the session that uses it
  std::unique_ptr<DeviceSession> session;
  std::uint64_t run_generation = 0;
  int recorder_slot = -1;  // >= 0 once it records into run run_generation
  std::string serial_number;
  std::optional<analysis::Side> side;
  std::optional<run::DeviceStatus::RecordingCapacity> recording;  // from its Status
  bool closed = false;
};

Daemon::Daemon(asio::io_context& io, store::Connection& db, Config config, RunMode mode,
               Reload reload)
    : io_(io),
      db_(db),
      config_(std::move(config)),
      mode_(mode),
      reload_(std::move(reload)),
      tick_timer_(io),
      idle_timer_(io),
      duration_timer_(io),
      stop_signals_(io, SIGINT, SIGTERM),
      reload_signal_(io) {
  log::set_max_level(config_.log_level);
  // A one-run recorder keeps SIGHUP's default (terminate), as it always had.
  if (!mode_.one_run) reload_signal_.add(SIGHUP);
}

Daemon::~Daemon() = default;

int Daemon::run() {
  stop_signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
    if (ec) return;
    log::notice(std::string("received ") + (signo == SIGTERM ? "SIGTERM" : "SIGINT") +
                ", ending the run");
    stop_all("signal");
  });
  if (!mode_.one_run) {
    reload_signal_.async_wait([this](const boost::system::error_code& ec, int) {
      if (!ec) reload();
    });
    start_usb_watch();
  }
  scan();
  if (mode_.one_run && open_sessions() == 0) {
    finished_ = true;
    return end_run();
  }
  notify::ready();
  publish_status();
  tick();
  io_.run();
  return exit_code_;
}

// --- sources --------------------------------------------------------------------------------

void Daemon::scan() {
  if (stopping_) return;
  std::map<std::string, std::string> wanted;  // source key -> URI to open
  for (const std::string& uri : config_.devices) wanted.emplace(uri, uri);
  for (const std::string& path : link::expand_serial_globs(config_.serial_globs))
    wanted.emplace("serial:" + path, "serial:" + path);
  for (const auto& [uri, info] : usb_present_) wanted.emplace(uri, uri);

  // A source that went away starts afresh when it comes back (no leftover back-off).
  std::erase_if(schedule_, [&](const auto& entry) { return !wanted.contains(entry.first); });

  const auto now = Clock::now();
  for (const auto& [key, uri] : wanted) {
    if (mode_.one_run && tried_.contains(key)) continue;
    bool busy = false;
    const auto device_file = link::serial_device_file(uri);
    for (const auto& [id, slot] : slots_) {
      if (slot->closed) continue;
      // One tty under two names (a by-id link and its ttyACM) is opened once.
      if (slot->source == key || (device_file && slot->device_file == device_file)) busy = true;
    }
    if (busy) continue;
    if (const auto it = schedule_.find(key); it != schedule_.end() && !it->second.due(now))
      continue;
    open_source(key, uri);
  }
}

void Daemon::open_source(const std::string& key, const std::string& uri) {
  tried_.insert(key);
  std::unique_ptr<link::Link> link;
  try {
    link = link::open_link(io_, uri, {kReadTick, capture_origin_});
  } catch (const link::LinkError& e) {
    link::ReconnectSchedule& schedule = schedule_[key];
    // Said once per series of failures; the retries behind it are debug lines.
    (schedule.failures() == 0 ? log::error : log::debug)(e.what());
    schedule.failed(Clock::now());
    return;
  }
  const std::uint64_t id = next_slot_id_++;
  if (!config_.capture_dir.empty()) link = capture(std::move(link), id);
  auto slot = std::make_unique<Slot>();
  slot->source = key;
  slot->device_file = link::serial_device_file(uri);

  session::SessionCallbacks cb;
  cb.on_ready = [this, id](const insole::v1::DeviceInfo& info) { on_ready(id, info); };
  cb.on_frame = [this, id](const session::SensorFrame& f, Clock::time_point t) {
    on_frame(id, f, t);
  };
  cb.on_device_log = [this, id](const std::string& line) {
    log::info(slots_.at(id)->session->uri() + " says: " + line);
  };
  cb.on_closed = [this, id](const std::string& reason, bool error) {
    on_closed(id, reason, error);
  };
  cb.recording_sink = [this, id](const insole::v1::DeviceInfo& info) -> session::RecordingSink* {
    Slot& s = *slots_.at(id);
    try {
      s.importer = std::make_unique<run::FlashImporter>(
          db_, info,
          [uri = s.session->uri()](const std::string& line) { log::info(uri + ": " + line); });
    } catch (const std::exception& e) {
      log::error("cannot sync the insole's recordings: " + std::string(e.what()));
      return nullptr;
    }
    return s.importer.get();
  };
  cb.on_status = [this, id](const insole::v1::Status& status) {
    Slot& s = *slots_.at(id);
    if (s.importer)
      s.importer->set_device_uptime(std::uint64_t{status.uptime_ms()} * 1000,
                                    std::chrono::system_clock::now());
    if (status.recording_rate_hz() > 0) {  // protocol >= 1.2: how long a run it can keep
      s.recording = run::DeviceStatus::RecordingCapacity{
          status.recording_rate_hz(), status.recording_capacity_s(), status.recording_free_s()};
      log::info(s.session->uri() + ": " + s.session->info().serial_number() + " stores " +
                reports::duration_text(status.recording_capacity_s()) + " of run at " +
                std::to_string(status.recording_rate_hz()) + " Hz (" +
                reports::duration_text(status.recording_free_s()) + " free)");
    }
    if (status.flash_state() == insole::v1::FLASH_STATE_FULL) {
      log::warning(s.session->uri() + ": the insole's flash is full of " +
                   std::to_string(status.unsynced_recordings()) +
                   " unsynced recordings; it records nothing more until they are synced");
    } else if (status.flash_state() == insole::v1::FLASH_STATE_ERROR) {
      log::error(s.session->uri() + ": the insole's recording flash has failed");
    }
  };

  session::SessionConfig session_config;
  session_config.sample_rate_hz = config_.rate_hz;
  session_config.recording_rate_hz = config_.recording_rate_hz;
  // An insole seen on this source before, whose run is still open, is coming back: it may
  // resume after the last frame the run has of it.
  if (const auto serial = serial_by_source_.find(key);
      serial != serial_by_source_.end() && recorder_) {
    if (const auto rslot = recorder_->slot_of(serial->second)) {
      if (const auto last = recorder_->last_sequence(*rslot)) {
        if (const auto boot = boot_by_serial_.find(serial->second); boot != boot_by_serial_.end()) {
          session_config.resume = session::ResumePoint{boot->second, *last + 1};
        }
        log::debug(serial->second + " may be reconnecting on " + uri + " after frame " +
                   std::to_string(*last));
      }
    }
  }
  slot->session =
      std::make_unique<DeviceSession>(io_, std::move(link), session_config, std::move(cb));
  Slot& s = *slot;
  slots_.emplace(id, std::move(slot));
  s.session->start();
}

std::unique_ptr<link::Link> Daemon::capture(std::unique_ptr<link::Link> link, std::uint64_t id) {
  // One file per link opened: when, which slot, which source (for support and golden tests).
  std::string name = link->uri();
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(
                           std::chrono::system_clock::now().time_since_epoch())
                           .count();
  const std::string path = config_.capture_dir + "/capture-" + std::to_string(seconds) + "-" +
                           std::to_string(id) + "-" + name + ".txt";
  link::CaptureHeader header;
  header.tool = std::string("insoled ") + paths::kVersion;
  header.link = link->uri();
  std::shared_ptr<link::CaptureWriter> writer;
  try {
    writer = std::make_shared<link::CaptureWriter>(path, std::move(header), capture_origin_);
  } catch (const std::exception& e) {
    // A capture is a help, never a reason to lose the run: record without it.
    log::error(std::string("not capturing ") + link->uri() + ": " + e.what());
    return link;
  }
  log::info("capturing " + link->uri() + " into " + path);
  return std::make_unique<link::CaptureLink>(std::move(link), std::move(writer));
}

void Daemon::start_usb_watch() {
  usb_watch_.reset();
  usb_present_.clear();
  if (!config_.usb) return;
  link::UsbHotplugCallbacks cb;
  cb.on_arrived = [this](const link::UsbDeviceInfo& info) {
    log::info("USB insole " + info.uri() + " arrived");
    usb_present_[info.uri()] = info;
    scan();
  };
  cb.on_left = [this](const link::UsbDeviceInfo& info) {
    log::info("USB insole " + info.uri() + " left");
    usb_present_.erase(info.uri());  // its session ends with "USB device removed"
  };
  try {
    usb_watch_ = std::make_unique<link::UsbHotplugWatcher>(
        io_, std::move(cb), config_.usb->vendor_id, config_.usb->product_id);
  } catch (const std::exception& e) {
    // Serial, tcp and configured devices still work; the reason says what is missing.
    log::warning(std::string("not watching USB for insoles: ") + e.what());
  }
}

// --- sessions --------------------------------------------------------------------------------

void Daemon::on_ready(std::uint64_t id, const insole::v1::DeviceInfo& info) {
  Slot& slot = *slots_.at(id);
  slot.side = run::side_of(info);
  slot.serial_number = info.serial_number();
  serial_by_source_[slot.source] = info.serial_number();
  boot_by_serial_[info.serial_number()] = info.boot_id();
  for (const auto& [other_id, other] : slots_) {
    if (other_id != id && !other->closed && other->recorder_slot >= 0 &&
        other->serial_number == info.serial_number()) {
      log::error("insole " + info.serial_number() + " is already recording through " +
                 other->session->uri() + "; not recording it again through " + slot.session->uri());
      slot.session->stop();
      return;
    }
  }
  if (!recorder_) {
    // The run's clock starts when this device answered (for a replay: when it answered then).
    recorder_ =
        std::make_unique<run::RunBuilder>(db_, config_.rate_hz, slot.session->last_read_arrival());
    ++run_generation_;
  }
  const bool had_run = recorder_->run_id().has_value();
  const bool rejoining = recorder_->slot_of(info.serial_number()).has_value();
  try {
    slot.recorder_slot = recorder_->add_device(
        info, std::make_unique<run::HostClockMapping>(recorder_->run_start_us()));
    slot.run_generation = run_generation_;
  } catch (const run::SideTaken& e) {
    // Said once per insole and run; its retries (the source is tried again) are debug lines.
    const bool said =
        std::exchange(refused_[info.serial_number()], run_generation_) == run_generation_;
    (said ? log::debug : log::error)(e.what());
    slot.session->stop();
    return;
  } catch (const std::exception& e) {
    // Only this device is refused; the others record on.
    log::error(std::string("cannot record device: ") + e.what());
    slot.session->stop();
    return;
  }
  idle_timer_.cancel();
  const std::int64_t run_id = *recorder_->run_id();
  log::info("device " + info.serial_number() + " (" +
            std::string(slot.side ? analysis::name(*slot.side) : "?") + ", firmware " +
            info.firmware_version() + ", protocol " + std::to_string(info.protocol_major()) + "." +
            std::to_string(info.protocol_minor()) + ", " + std::to_string(info.sensel_count()) +
            " sensels, grid " + info.grid_id() + ") on " + slot.session->uri() + " streaming at " +
            std::to_string(info.sample_rate_hz()) + " Hz into run " + std::to_string(run_id) +
            (rejoining ? " (rejoined)" : ""));
  if (!had_run) {
    for (auto* l : listeners_) l->on_run_started(run_id);
  }
  for (auto* l : listeners_) l->on_device_ready(slot.session->uri(), info);
  publish_status();
  if (!duration_armed_ && mode_.one_run && mode_.duration_s > 0) {
    duration_armed_ = true;
    duration_timer_.expires_after(
        std::chrono::milliseconds(static_cast<long long>(mode_.duration_s * 1000.0)));
    duration_timer_.async_wait([this](const boost::system::error_code& ec) {
      if (!ec) {
        log::info("run duration reached");
        stop_all("duration");
      }
    });
  }
}

void Daemon::on_frame(std::uint64_t id, const session::SensorFrame& frame,
                      Clock::time_point received) {
  Slot& slot = *slots_.at(id);
  // A device refused after its handshake (unknown grid...) may still stream: ignore it.
  if (slot.recorder_slot < 0 || slot.run_generation != run_generation_ || !recorder_) return;
  const auto step = recorder_->frame(slot.recorder_slot, frame, steady_us(received));
  const auto run_time_s = recorder_->last_run_time_s();
  for (auto* l : listeners_) l->on_frame(slot.serial_number, frame, run_time_s);
  if (!step) return;
  for (auto* l : listeners_) l->on_step(*step);
  log::debug(reports::step_log_text(*step));
}

void Daemon::on_closed(std::uint64_t id, const std::string& reason, bool error) {
  Slot& slot = *slots_.at(id);
  slot.closed = true;
  if (error) {
    log::error(reason);
  } else {
    log::info(slot.session->uri() + ": " + reason);
  }
  const bool recorded = slot.recorder_slot >= 0;
  if (recorded && slot.run_generation == run_generation_ && recorder_)
    recorder_->flush(slot.recorder_slot, slot.session->stats());
  if (!mode_.one_run) {
    link::ReconnectSchedule& schedule = schedule_[slot.source];
    if (recorded)
      schedule.ended_after_streaming(Clock::now());
    else
      schedule.failed(Clock::now());
  }
  for (auto* l : listeners_) l->on_device_closed(slot.session->uri(), reason);
  // The session is inside its own callback: destroy it later.
  asio::post(io_, [this, id] { slots_.erase(id); });
  after_session_ended();
}

void Daemon::after_session_ended() {
  if (finished_) return;
  if (mode_.one_run || stopping_) {
    if (open_sessions() == 0) shutdown();
    return;
  }
  publish_status();
  if (sessions_in_run() > 0 || !recorder_) return;
  if (!recorder_->run_id()) {  // only refused devices so far: no run was begun
    recorder_.reset();
    return;
  }
  const auto idle =
      std::chrono::milliseconds(static_cast<long long>(config_.run_idle_end_s * 1000));
  log::info("no insole left in run " + std::to_string(*recorder_->run_id()) + "; it ends in " +
            std::to_string(static_cast<long long>(config_.run_idle_end_s)) +
            " s unless one comes back");
  idle_timer_.expires_after(idle);
  idle_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || finished_ || sessions_in_run() > 0) return;
    end_run();
    publish_status();
  });
}

std::size_t Daemon::open_sessions() const {
  std::size_t n = 0;
  for (const auto& [id, slot] : slots_) n += !slot->closed;
  return n;
}

std::size_t Daemon::sessions_in_run() const {
  std::size_t n = 0;
  for (const auto& [id, slot] : slots_)
    n += !slot->closed && slot->recorder_slot >= 0 && slot->run_generation == run_generation_;
  return n;
}

void Daemon::stop_all(const std::string& why) {
  if (stopping_) return;
  stopping_ = true;
  notify::stopping();
  (void)why;
  duration_timer_.cancel();
  idle_timer_.cancel();
  std::vector<DeviceSession*> open;
  for (const auto& [id, slot] : slots_)
    if (!slot->closed) open.push_back(slot->session.get());
  if (open.empty()) {
    shutdown();
    return;
  }
  // stop() may close at once and call on_closed: iterate over a copy.
  for (DeviceSession* s : open) s->stop();
}

// --- runs ------------------------------------------------------------------------------------

void Daemon::tick() {
  tick_timer_.expires_after(std::chrono::seconds(1));
  tick_timer_.async_wait([this](const boost::system::error_code& ec) {
    // cancel() cannot recall a completion already queued: without this check a tick due just
    // as the daemon finished would re-arm the timer and keep io_context running forever.
    if (ec || finished_) return;
    flush();
    retry_unfinished_runs();
    scan();
    tick();
  });
}

bool Daemon::flush() {
  if (!recorder_) return true;
  bool ok = recorder_->flush_steps();
  for (auto& [id, slot] : slots_) {
    if (!slot->closed && slot->recorder_slot >= 0 && slot->run_generation == run_generation_)
      ok = recorder_->flush(slot->recorder_slot, slot->session->stats()) && ok;
  }
  if (!ok) {
    std::string lost;
    if (recorder_->dropped_blocks() > 0)
      lost = "; " + std::to_string(recorder_->dropped_blocks()) +
             " seconds of one insole's raw frames could not be kept and are not archived";
    log::error(recorder_->last_error() + " (" + std::to_string(recorder_->buffered_steps()) +
               " steps kept in memory; retrying every second" + lost + ")");
  }
  return ok;
}

bool Daemon::store_recording_now() {
  if (!recorder_) return true;
  recorder_->seal_blocks();
  return flush();
}

void Daemon::forget_steps(std::int64_t run_id, double from_s, double to_s) {
  if (recorder_ && recorder_->run_id() == run_id) recorder_->forget_steps(from_s, to_s);
}

int Daemon::end_run() {
  if (!recorder_ || !recorder_->run_id()) {
    recorder_.reset();
    if (mode_.one_run) {
      log::error("no insole could be used; nothing recorded");
      return 1;
    }
    return 0;
  }
  const std::int64_t run_id = *recorder_->run_id();
  const bool flushed = flush();
  const std::string status = flushed ? "complete" : "interrupted";
  try {
    recorder_->finish(status);
  } catch (const std::exception& e) {
    log::error(e.what());
    // Service: keep what is in memory and try again every second; one run: exit 1 and the
    // next start marks the run interrupted.
    if (!mode_.one_run && !finished_) unfinished_.push_back(std::move(recorder_));
    recorder_.reset();
    return 1;
  }
  log::info("run " + std::to_string(run_id) + " " + status + ": " +
            std::to_string(recorder_->steps(analysis::Side::kLeft)) + " left and " +
            std::to_string(recorder_->steps(analysis::Side::kRight)) + " right steps");
  join_recorded_starts(run_id);
  for (auto* l : listeners_) l->on_run_ended(run_id, status);
  recorder_.reset();
  return flushed ? 0 : 1;
}

void Daemon::join_recorded_starts(std::int64_t run_id) {
  // One per insole at most: each foot's recording may have become a run of its own.
  for (std::size_t i = 0; i < 2; ++i) {
    try {
      const auto joined = run::join_recorded_start(db_, run_id);
      if (!joined) return;
      log::info(
          "run " + std::to_string(run_id) + " began " +
          reports::duration_text(static_cast<double>(joined->earlier_us) * 1e-6) +
          " before this PC took over: what the insoles recorded by themselves until then (run " +
          std::to_string(joined->joined_run_id) + ", " + std::to_string(joined->frames_added) +
          " frames) is part of run " + std::to_string(run_id) +
          " now: " + std::to_string(joined->steps_left) + " left and " +
          std::to_string(joined->steps_right) + " right steps");
    } catch (const std::exception& e) {
      log::error("run " + std::to_string(run_id) +
                 ": cannot join the start the insoles recorded by themselves (it stays a run of "
                 "its own): " +
                 e.what());
      return;
    }
  }
}

void Daemon::retry_unfinished_runs() {
  std::erase_if(unfinished_, [](std::unique_ptr<run::RunBuilder>& r) {
    try {
      r->finish("complete");
      log::info("run " + std::to_string(*r->run_id()) + " closed after all");
      return true;
    } catch (const std::exception&) {
      return false;
    }
  });
}

void Daemon::shutdown() {
  if (finished_) return;
  finished_ = true;
  const int code = end_run();
  retry_unfinished_runs();
  exit_code_ = unfinished_.empty() ? code : 1;
  tick_timer_.cancel();
  idle_timer_.cancel();
  duration_timer_.cancel();
  stop_signals_.cancel();
  reload_signal_.cancel();
  usb_watch_.reset();
  // libusb's file descriptors stay watched by the shared UsbContext; nothing else is pending.
  io_.stop();
}

// --- configuration ---------------------------------------------------------------------------

void Daemon::reload() {
  reload_signal_.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) reload();
  });
  if (stopping_) return;
  log::notice("received SIGHUP, reloading the configuration");
  notify::reloading();
  ConfigParse parsed = reload_();
  if (!parsed.config) {
    log::error(parsed.error + "; configuration not reloaded, the running one is kept");
  } else {
    apply_config(std::move(*parsed.config));
  }
  notify::ready();
}

void Daemon::apply_config(Config config) {
  if (config.database != config_.database) {
    log::error("the database cannot change while insoled runs: keeping " + config_.database +
               " (restart insoled to use " + config.database + ")");
    config.database = config_.database;
  }
  if (config.api_socket != config_.api_socket)
    log::warning("api_socket takes effect when insoled restarts");
  if (config.db_max_mb != config_.db_max_mb)  // 0 lifts the cap
    store::limit_size(db_, config.db_max_mb * 1024 * 1024);
  const bool usb_changed = config.usb != config_.usb;
  config_ = std::move(config);
  log::set_max_level(config_.log_level);
  if (usb_changed && !mode_.one_run) start_usb_watch();
  log::info("configuration applied: " + std::to_string(config_.devices.size()) + " device(s), " +
            std::to_string(config_.serial_globs.size()) + " serial glob(s), USB " +
            (config_.usb ? "watched" : "off"));
  scan();
}

// --- status ----------------------------------------------------------------------------------

run::DaemonStatus Daemon::status() const {
  run::DaemonStatus s;
  if (recorder_) s.run = recorder_->snapshot();
  for (const auto& [id, slot] : slots_) {
    if (slot->closed) continue;
    run::DeviceStatus d;
    d.uri = slot->session->uri();
    d.serial_number = slot->serial_number;
    d.side = slot->side;
    d.firmware_version = slot->session->info().firmware_version();
    d.streaming = slot->session->state() == DeviceSession::State::kStreaming;
    d.stats = slot->session->stats();
    d.recording = slot->recording;
    s.devices.push_back(std::move(d));
  }
  return s;
}

void Daemon::publish_status() {
  const std::size_t n = sessions_in_run();
  if (recorder_ && recorder_->run_id()) {
    notify::status("recording run " + std::to_string(*recorder_->run_id()) + " from " +
                   std::to_string(n) + " insole(s)");
  } else {
    notify::status("waiting for insoles");
  }
}

}  // namespace insole::app
