// insoled's web dashboard (docs/web.md): a web::WebServer on the daemon's io_context serving
// the page's files, the JSON API (runs, trends, shoes, status, fitting) and the live feed.
//
// The live feed runs only while a page is connected: every 20 ms the newest frame of each
// foot (LiveFeed), every second the live status. Reports over stored runs and shoes run on a
// ReportWorker (their own thread and read-only connection); the status and the fitting, which
// need the live state and write little, answer on the loop. Requests are routed by one table
// (web/router.h) that the fitting adds its routes to.
#ifndef INSOLE_DASHBOARD_WEB_DASHBOARD_H_
#define INSOLE_DASHBOARD_WEB_DASHBOARD_H_

#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>

#include "insole/dashboard/fitting_service.h"
#include "insole/dashboard/live_feed.h"
#include "insole/dashboard/report_worker.h"
#include "insole/dashboard/status_tracker.h"
#include "insole/run/run_listener.h"
#include "insole/store/fitting.h"
#include "insole/store/sqlite.h"
#include "insole/web/router.h"
#include "insole/web/static_assets.h"
#include "insole/web/web_server.h"

namespace insole::dashboard {

// What the daemon's configuration says of the dashboard (docs/web.md).
struct DashboardConfig {
  std::string address;     // "127.0.0.1:8421"
  std::string token;       // required beyond the loopback
  std::string assets_dir;  // empty: the files compiled in
  std::string database;    // the SQLite file, opened read-only for reports
  // A PostgreSQL server the stations of a store or chain share (store/fitting_sync.h), as this
  // station of this store; empty: the fitting's customers and trials stay in that file only.
  std::string shared_database;
  store::StationIdentity station;
  double retention_days = 0;    // 0: customers are kept until deleted
  double sync_interval_s = 10;  // between sync rounds with the shared server
};

class WebDashboard : public run::RunListener {
 public:
  // Registers itself with the hub. Throws std::runtime_error when the configuration cannot be
  // served (a non-loopback address without a token, an address in use).
  WebDashboard(boost::asio::io_context& io, run::RunHub& hub, store::Connection& db,
               const StatusTracker& status, DashboardConfig config);
  ~WebDashboard() override;

  unsigned short port() const { return server_->port(); }

  void on_run_started(std::int64_t run_id) override;
  void on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) override;
  void on_frame(const std::string& serial_number, const session::SensorFrame& frame,
                std::optional<double> run_time_s) override;
  void on_step(const analysis::Step& step) override;

  void handle(const web::WebRequest& request, const web::WebServer::Respond& respond);

 private:
  void add_routes();
  void arm_frame_timer();
  void arm_live_timer();

  run::RunHub& hub_;
  store::Connection& db_;
  const StatusTracker& status_;
  web::StaticAssets assets_;
  LiveFeed feed_;
  std::unique_ptr<FittingSyncWorker> sync_;  // before fitting_, which refers to it
  FittingService fitting_;
  ReportWorker reports_;
  web::Router router_;
  std::map<std::string, analysis::Side> side_by_serial_;
  std::unique_ptr<web::WebServer> server_;
  boost::asio::steady_timer frame_timer_;
  boost::asio::steady_timer live_timer_;
  bool frame_timer_armed_ = false;
  bool live_timer_armed_ = false;
  std::uint64_t live_seq_ = 0;
};

// The dashboard the configuration asks for, listening; null when config.address is empty.
// Throws std::runtime_error saying why it cannot serve.
std::unique_ptr<WebDashboard> start_web_dashboard(boost::asio::io_context& io, run::RunHub& hub,
                                                  store::Connection& db,
                                                  const StatusTracker& status,
                                                  DashboardConfig config);

}  // namespace insole::dashboard

#endif  // INSOLE_DASHBOARD_WEB_DASHBOARD_H_
