// insoled: the insole daemon. Connects to insoles, records runs into SQLite.
//
//   insoled --db FILE --device URI [--device URI] [--rate HZ] [--duration S] [--verbose]
//
// Every --device that completes its handshake joins one run (a left and a right insole make a
// pair). The run ends after --duration seconds of recording, on SIGINT/SIGTERM, or when every
// device has gone; buffered steps are flushed every second and at the end.
// Exit status: 0 run recorded, 1 no usable device or database error, 2 bad arguments.
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "insole/link/link.h"
#include "insole/session/device_session.h"
#include "insole/session/protocol_check.h"
#include "insole/store/schema.h"
#include "log.h"
#include "run_recorder.h"

namespace {

namespace asio = boost::asio;
using insole::app::RunRecorder;
using insole::session::DeviceSession;
namespace log = insole::app::log;

struct Options {
  std::string db_path;
  std::vector<std::string> devices;
  unsigned rate_hz = 200;
  double duration_s = 0;  // 0: until a signal
  double db_max_mb = 0;   // 0: no cap
  bool verbose = false;
};

[[noreturn]] void usage(const std::string& message) {
  std::fprintf(stderr,
               "insoled: %s\n"
               "usage: insoled --db FILE --device URI [--device URI] [--rate HZ] "
               "[--duration S] [--db-max-mb MB] [--verbose]\n"
               "  URI: serial:/dev/ttyACM0 (or a device path), usb:[VID:PID[/SERIAL]],\n"
               "       tcp:HOST:PORT, replay:FILE[?speed=recorded|full|N]\n",
               message.c_str());
  std::exit(2);
}

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) usage("missing value for " + std::string(a));
      return argv[++i];
    };
    if (a == "--db")
      o.db_path = value();
    else if (a == "--device")
      o.devices.push_back(value());
    else if (a == "--rate") {
      const std::string v = value();
      char* end = nullptr;
      const long r = std::strtol(v.c_str(), &end, 10);
      if (*end != '\0' || r < 50 || r > 1000) usage("--rate must be 50..1000 Hz");
      o.rate_hz = static_cast<unsigned>(r);
    } else if (a == "--duration") {
      const std::string v = value();
      char* end = nullptr;
      o.duration_s = std::strtod(v.c_str(), &end);
      if (*end != '\0' || o.duration_s < 0) usage("--duration must be seconds >= 0");
    } else if (a == "--db-max-mb") {
      const std::string v = value();
      char* end = nullptr;
      o.db_max_mb = std::strtod(v.c_str(), &end);
      if (*end != '\0' || o.db_max_mb <= 0) usage("--db-max-mb must be a size in MB > 0");
    } else if (a == "--verbose")
      o.verbose = true;
    else if (a == "--foreground") {
    }  // always in the foreground; systemd supervises
    else
      usage("unknown option " + std::string(a));
  }
  if (o.db_path.empty()) usage("--db is required");
  if (o.devices.empty()) usage("at least one --device is required");
  return o;
}

class Daemon {
 public:
  Daemon(asio::io_context& io, const Options& options, insole::store::Connection& db)
      : io_(io),
        options_(options),
        recorder_(db, options.rate_hz),
        flush_timer_(io),
        end_timer_(io),
        signals_(io, SIGINT, SIGTERM) {}

  int run() {
    signals_.async_wait([this](const boost::system::error_code& ec, int signo) {
      if (ec) return;
      log::notice(std::string("received ") + (signo == SIGTERM ? "SIGTERM" : "SIGINT") +
                  ", ending the run");
      stop_all();
    });
    for (const std::string& uri : options_.devices) open_device(uri);
    if (open_ == 0) return finish();
    schedule_flush();
    io_.run();
    return exit_code_;
  }

 private:
  struct Slot {
    std::unique_ptr<DeviceSession> session;
    int recorder_slot = -1;
    char side = '?';
  };

  void open_device(const std::string& uri) {
    std::unique_ptr<insole::link::Link> link;
    try {
      link = insole::link::open_link(io_, uri);
    } catch (const insole::link::LinkError& e) {
      log::error(e.what());
      return;
    }
    const std::size_t index = slots_.size();
    slots_.push_back(std::make_unique<Slot>());
    insole::session::SessionCallbacks cb;
    cb.on_ready = [this, index](const insole::v1::DeviceInfo& info) { on_ready(index, info); };
    cb.on_frame = [this, index](const insole::session::SensorFrame& f,
                                std::chrono::steady_clock::time_point t) {
      // A device refused after its handshake (unknown grid...) may still stream: ignore it.
      if (slots_[index]->recorder_slot < 0) return;
      if (const auto step = recorder_.frame(slots_[index]->recorder_slot, f, t)) {
        char line[200];
        std::snprintf(line, sizeof(line),
                      "step %c contact %.3f s, contact time %.0f ms, peak %.0f N, %s%s strike, "
                      "pronation %s",
                      step->side, step->contact_s, (step->toe_off_s - step->contact_s) * 1000.0,
                      step->peak_force_n, step->strike.c_str(), step->flat_foot ? " flat" : "",
                      step->pronation.c_str());
        log::debug(line);
      }
    };
    cb.on_device_log = [this, index](const std::string& line) {
      log::info(slots_[index]->session->uri() + " says: " + line);
    };
    cb.on_closed = [this, index](const std::string& reason, bool error) {
      on_closed(index, reason, error);
    };
    insole::session::SessionConfig config;
    config.sample_rate_hz = options_.rate_hz;
    slots_[index]->session =
        std::make_unique<DeviceSession>(io_, std::move(link), config, std::move(cb));
    ++open_;
    slots_[index]->session->start();
  }

  void on_ready(std::size_t index, const insole::v1::DeviceInfo& info) {
    Slot& slot = *slots_[index];
    slot.side = insole::session::side_letter(info.side());
    try {
      slot.recorder_slot = recorder_.add_device(info);
    } catch (const std::exception& e) {
      // Only this device is refused; the others record on.
      log::error(std::string("cannot record device: ") + e.what());
      slot.session->stop();
      return;
    }
    log::info("device " + info.serial_number() + " (" + slot.side + ", firmware " +
              info.firmware_version() + ", protocol " + std::to_string(info.protocol_major()) +
              "." + std::to_string(info.protocol_minor()) + ", " +
              std::to_string(info.sensel_count()) + " sensels, grid " + info.grid_id() + ") on " +
              slot.session->uri() + " streaming at " + std::to_string(info.sample_rate_hz()) +
              " Hz into run " + std::to_string(*recorder_.run_id()));
    if (!duration_armed_ && options_.duration_s > 0) {
      duration_armed_ = true;
      end_timer_.expires_after(
          std::chrono::milliseconds(static_cast<long long>(options_.duration_s * 1000.0)));
      end_timer_.async_wait([this](const boost::system::error_code& ec) {
        if (!ec) {
          log::info("run duration reached");
          stop_all();
        }
      });
    }
  }

  void on_closed(std::size_t index, const std::string& reason, bool error) {
    Slot& slot = *slots_[index];
    if (error) {
      log::error(reason);
    } else {
      log::info(slot.session->uri() + ": " + reason);
    }
    if (slot.recorder_slot >= 0) recorder_.flush(slot.recorder_slot, slot.session->stats());
    if (--open_ == 0) {
      finished_ = true;
      exit_code_ = finish();
      flush_timer_.cancel();
      end_timer_.cancel();
      signals_.cancel();
    }
  }

  void stop_all() {
    for (auto& slot : slots_) slot->session->stop();
  }

  void schedule_flush() {
    flush_timer_.expires_after(std::chrono::seconds(1));
    flush_timer_.async_wait([this](const boost::system::error_code& ec) {
      // cancel() cannot recall a completion already queued: without this check a flush due
      // just as the run ended would re-arm the timer and keep io_context running forever.
      if (ec || finished_) return;
      flush();
      schedule_flush();
    });
  }

  bool flush() {
    bool ok = recorder_.flush_steps();
    for (auto& slot : slots_) {
      if (slot->recorder_slot >= 0)
        ok = recorder_.flush(slot->recorder_slot, slot->session->stats()) && ok;
    }
    if (!ok) {
      log::error(recorder_.last_error() + " (" + std::to_string(recorder_.buffered_steps()) +
                 " steps kept in memory; retrying every second)");
    }
    return ok;
  }

  int finish() {
    if (!recorder_.run_id()) {
      log::error("no insole could be used; nothing recorded");
      return 1;
    }
    const bool flushed = flush();
    try {
      recorder_.finish(flushed ? "complete" : "interrupted");
    } catch (const std::exception& e) {
      log::error(e.what());
      return 1;
    }
    log::info("run " + std::to_string(*recorder_.run_id()) + " " +
              (flushed ? "complete" : "interrupted") + ": " + std::to_string(recorder_.steps('L')) +
              " left and " + std::to_string(recorder_.steps('R')) + " right steps");
    return flushed ? exit_code_ : 1;
  }

  asio::io_context& io_;
  const Options& options_;
  RunRecorder recorder_;
  asio::steady_timer flush_timer_;
  asio::steady_timer end_timer_;
  asio::signal_set signals_;
  std::vector<std::unique_ptr<Slot>> slots_;
  int open_ = 0;
  int exit_code_ = 0;
  bool duration_armed_ = false;
  bool finished_ = false;
};

}  // namespace

int main(int argc, char** argv) {
  const Options options = parse(argc, argv);
  log::set_verbose(options.verbose);
  std::unique_ptr<insole::store::Connection> db;
  try {
    db = insole::store::open_for_writing(options.db_path);
    // A cap makes the database behave like a full disk at that size (SQLITE_FULL): writes fail,
    // data waits in memory, nothing written is damaged.
    if (options.db_max_mb > 0) insole::store::limit_size(*db, options.db_max_mb * 1024 * 1024);
  } catch (const std::exception& e) {
    log::error(e.what());
    return 1;
  }
  asio::io_context io;
  Daemon daemon(io, options, *db);
  return daemon.run();
}
