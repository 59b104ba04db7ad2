// A fitting station's link to the chain's PostgreSQL server (docs/store-chain.md): a thread of
// its own, with its own connection to the station's file, that makes a sync round
// (store/fitting_sync.h) every `period` (sync_interval_s, 10 s by default) and soon after each
// change here (nudge). The dashboard never waits for the network: customers and trials are read
// and written in the station's file, and while the server cannot be reached they wait there, to
// be sent when it is back.
//
// Customers deleted at another station are deleted here too; the frames of their trials recorded
// here are erased in the file's transaction (run/run_erase.h), and the steps the live analysis
// completes in those stretches are forgotten on the daemon's loop (forget_steps).
#ifndef INSOLE_DASHBOARD_FITTING_SYNC_WORKER_H_
#define INSOLE_DASHBOARD_FITTING_SYNC_WORKER_H_

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "insole/store/fitting.h"

namespace insole::dashboard {

class FittingSyncWorker {
 public:
  struct State {
    std::string server;        // "postgresql database insole on db.example.com" (no password)
    bool reachable = false;    // the last round reached the server
    std::string last_sync_at;  // ISO 8601 UTC of the last complete round; "" before one
    std::string last_error;    // why the last round failed; "" when it did not
    std::int64_t rounds = 0;   // complete rounds since start
  };
  using ForgetSteps = std::function<void(std::int64_t run_id, double from_s, double to_s)>;

  // Starts the thread. database: the station's SQLite file (insoled has opened and migrated it).
  FittingSyncWorker(boost::asio::io_context& io, std::string database, std::string server_uri,
                    store::StationIdentity station, ForgetSteps forget_steps,
                    std::chrono::milliseconds period = std::chrono::seconds(10));
  ~FittingSyncWorker();  // finishes the round under way, then stops
  FittingSyncWorker(const FittingSyncWorker&) = delete;
  FittingSyncWorker& operator=(const FittingSyncWorker&) = delete;

  void nudge();  // a change here: a round soon, not in up to 10 s
  State state() const;

 private:
  void run();
  boost::asio::io_context& io_;
  const std::string database_, uri_;
  const store::StationIdentity station_;
  ForgetSteps forget_steps_;
  const std::chrono::milliseconds period_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false, nudged_ = false;
  State state_;
  std::thread thread_;
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_FITTING_SYNC_WORKER_H_
