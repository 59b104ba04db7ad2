// Store fitting in insoled's dashboard (docs/fitting.md, docs/web.md): customers, one trial at a
// time on the live insoles, and the comparison of a customer's trials. The analysis and the ranking
// are daemon/fitting's (pure); the records are store::FittingStore's.
//
// A trial takes every frame and step of the current run from its start until it is stopped
// (POST /api/trials/ID/stop) or reaches its target duration, whichever is first; it is then
// analysed and stored with a database id of its own (the id a running trial is given is only
// for stopping it). A trial with no step is not stored (409: nobody ran). A new run (the insoles
// left and came back) abandons a running trial: its times would not match. The run a trial is
// recorded in is a store's, not the runner's: it is taken off its shoe when the trial starts.
//
// A stored trial keeps the run and the stretch of it that recorded it. Deleting a customer
// erases, in one transaction, their trials and those stretches of this station's runs (raw
// frames and steps, a second either side: the live clock and the archive's may differ by a
// little; other stations erase theirs when their sync hears of it: store/fitting_sync.h), after
// the daemon stored every frame it holds in memory (RunHub::store_recording_now); the file and
// its log are left with no byte of them (store/fitting.h, run/run_erase.h).
#ifndef INSOLE_DASHBOARD_FITTING_SERVICE_H_
#define INSOLE_DASHBOARD_FITTING_SERVICE_H_

#include <array>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "insole/analysis/layout.h"
#include "insole/analysis/step.h"
#include "insole/dashboard/fitting_sync_worker.h"
#include "insole/fitting/trial_accumulator.h"
#include "insole/store/fitting.h"
#include "insole/store/sqlite.h"
#include "insole/web/router.h"
#include "insole/web/web_types.h"

namespace insole::dashboard {

class FittingService {
 public:
  // The recording it erases from (run::RunHub): store_recording_now writes every frame of the
  // current run received so far (false when the database refused), before a customer's
  // stretches are erased; forget_steps keeps steps of an erased stretch that the analysis
  // completes afterwards from being stored.
  struct Recording {
    std::function<bool()> store_recording_now;
    std::function<void(std::int64_t run_id, double from_s, double to_s)> forget_steps;
  };
  // db: the station's own file (its runs); fittings: where customers and trials are kept (that
  // file: store/sqlite_fitting.h). sync, when the station shares a chain's server, is told of
  // every change (nullptr: a station of its own).
  FittingService(boost::asio::io_context& io, store::Connection& db,
                 std::unique_ptr<store::FittingStore> fittings, FittingSyncWorker* sync,
                 Recording recording);

  // A new run: the trials that follow are recorded in it, so it counts towards no shoe of the
  // runner's once one starts (store::ShoeStore::unassign).
  void run_started(std::int64_t run_id);
  void device_ready(analysis::Side side, const std::optional<analysis::Layout>& layout);
  void frame(analysis::Side side, double run_time_s, const std::vector<float>& forces_n);
  void step(const analysis::Step& step);

  // A retention period (docs/fitting.md): now and every hour, the customers of this station's
  // store with no fitting for `days` are erased as if deleted (their trials' frames too).
  void keep_for(double days);

  // Adds the fitting's routes (/api/customers..., /api/trials...; docs/web.md) to router; they
  // answer on the loop. streaming says whether any insole streams now (a trial needs one).
  void add_routes(web::Router& router, std::function<bool()> streaming);

 private:
  struct Active {
    std::int64_t id = 0;
    std::int64_t customer_id = 0;
    std::string shoe;
    std::string started_at;
    std::chrono::steady_clock::time_point started;
    double target_s = 30;
    std::optional<double> start_run_time_s;  // the first frame's run time
    double last_run_time_s = 0;              // the last frame's
    std::array<std::size_t, 2> steps{};
    std::unique_ptr<fitting::TrialAccumulator> accumulator;
  };

  web::WebResponse start_trial(std::int64_t customer_id, const nlohmann::json& body,
                               bool streaming);
  web::WebResponse stop_trial(std::int64_t active_id);
  web::WebResponse active_json();
  // Analyses and stores the active trial; nullopt (and the reason) when it has no step.
  std::optional<store::FittingTrialRecord> finish(std::string* why_not);
  nlohmann::json trial_json(const store::FittingTrialRecord& trial);
  static nlohmann::json customer_json(const store::CustomerRecord& customer);
  web::WebResponse comparison(std::int64_t customer_id);
  web::WebResponse delete_customer(std::int64_t customer_id);
  void changed();
  void erase_expired();
  nlohmann::json sync_json();
  // Erases a trial's stretch of its run from the station's file; the frames erased.
  std::uint64_t erase_stretch(const store::FittingTrialRecord& trial);
  // After the erase committed: steps the analysis completes in those stretches are not stored.
  void forget_steps(const std::vector<store::FittingTrialRecord>& erased);

  store::Connection& db_;
  std::unique_ptr<store::FittingStore> fittings_;
  FittingSyncWorker* sync_;
  Recording recording_;
  std::array<std::optional<analysis::Layout>, 2> layouts_;
  std::optional<Active> active_;
  std::int64_t run_id_ = 0;    // the run trials are recorded in (0: none yet)
  std::int64_t ended_id_ = 0;  // the running-trial id of the last trial that ended
  std::optional<store::FittingTrialRecord> last_finished_;  // its record, when it was stored
  std::string last_problem_;  // why the last trial ended without being stored
  std::int64_t next_active_id_ = 1;
  boost::asio::steady_timer target_timer_;
  boost::asio::steady_timer retention_timer_;
  double retention_days_ = 0;
};

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_FITTING_SERVICE_H_
