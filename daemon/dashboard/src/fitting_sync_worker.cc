#include "insole/dashboard/fitting_sync_worker.h"

#include <boost/asio/post.hpp>
#include <memory>
#include <vector>

#include "insole/log/log.h"
#include "insole/run/run_erase.h"
#include "insole/store/fitting_sync.h"
#include "insole/store/iso_time.h"
#include "insole/store/postgres.h"
#include "insole/store/postgres_fitting.h"
#include "insole/store/sqlite.h"

namespace insole::dashboard {
FittingSyncWorker::FittingSyncWorker(boost::asio::io_context& io, std::string database,
                                     std::string server_uri, store::StationIdentity station,
                                     ForgetSteps forget_steps, std::chrono::milliseconds period)
    : io_(io),
      database_(std::move(database)),
      uri_(std::move(server_uri)),
      station_(std::move(station)),
      forget_steps_(std::move(forget_steps)),
      period_(period) {
  state_.server = store::describe_postgres(uri_);
  thread_ = std::thread([this] { run(); });
}

FittingSyncWorker::~FittingSyncWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void FittingSyncWorker::nudge() {
  {
    std::lock_guard lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_all();
}

FittingSyncWorker::State FittingSyncWorker::state() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void FittingSyncWorker::run() {
  std::unique_ptr<store::Connection> local;
  std::unique_ptr<store::PgConnection> server;
  bool was_reachable = true;
  for (;;) {
    std::string error;
    for (int attempt = 0; attempt < 2; ++attempt) try {
        error.clear();
        if (!local) {
          local = std::make_unique<store::Connection>(database_,
                                                      store::Connection::Mode::kReadWriteCreate);
          local->exec("PRAGMA foreign_keys = ON");
          local->exec("PRAGMA busy_timeout = 10000");  // the recording writes every second
        }
        if (!server || server->unreachable()) {
          server.reset();
          auto fresh = std::make_unique<store::PgConnection>(uri_);
          store::migrate_fitting_server(*fresh);
          store::register_station(*fresh, station_);
          server = std::move(fresh);
        }
        std::vector<store::FittingTrialRecord> erased;
        const auto round = store::sync_fittings(
            *local, *server, station_, [&](const std::vector<store::FittingTrialRecord>& here) {
              for (const auto& t : here) {
                if (!t.run_id) continue;
                run::erase_run_stretch(*local, *t.run_id, t.run_from_s - store::kTrialEraseMarginS,
                                       t.run_to_s + store::kTrialEraseMarginS);
              }
              erased = here;
            });
        if (!erased.empty() && forget_steps_) {
          boost::asio::post(io_, [erased, forget = forget_steps_] {
            for (const auto& t : erased)
              if (t.run_id)
                forget(*t.run_id, t.run_from_s - store::kTrialEraseMarginS,
                       t.run_to_s + store::kTrialEraseMarginS);
          });
        }
        if (round.pushed + round.pulled + round.deleted > 0) {
          log::info("fitting sync: sent " + std::to_string(round.pushed) + ", received " +
                    std::to_string(round.pulled) + ", deleted " + std::to_string(round.deleted) +
                    " as the server said");
        }
        break;
      } catch (const std::exception& e) {
        error = e.what();
        // A connection found dead (the server restarted since the last round): once more, anew.
        if (!server || !server->unreachable()) break;
      }
    {
      std::lock_guard lock(mutex_);
      state_.reachable = error.empty();
      state_.last_error = error;
      if (error.empty()) {
        state_.last_sync_at = store::iso_utc(std::chrono::system_clock::now());
        ++state_.rounds;
      }
    }
    if (!error.empty() && was_reachable) {
      log::warning("fitting sync: " + error + "; customers and trials wait on this station");
    } else if (error.empty() && !was_reachable) {
      log::info("fitting sync: " + state_.server + " reached again");
    }
    was_reachable = error.empty();
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, period_, [this] { return stop_ || nudged_; });
    if (stop_) return;
    nudged_ = false;
  }
}

}  // namespace insole::dashboard
