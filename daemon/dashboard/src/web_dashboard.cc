#include "insole/dashboard/web_dashboard.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "insole/api/status_json.h"
#include "insole/fit/activity_file.h"
#include "insole/log/log.h"
#include "insole/reports/fit_activity.h"
#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "insole/run/device_record.h"
#include "insole/run/grid_layouts.h"
#include "insole/store/postgres.h"
#include "insole/store/run_writer.h"
#include "insole/store/shoes.h"
#include "insole/store/sqlite_fitting.h"
#include "insole/web/web_address.h"

namespace insole::dashboard {
namespace {

using nlohmann::json;
using web::json_error;
using web::WebRequest;
using web::WebResponse;

constexpr auto kFrameInterval = std::chrono::milliseconds(20);  // 50 pictures a second
constexpr auto kLiveInterval = std::chrono::seconds(1);

std::int64_t unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

web::WebServerConfig server_config(const DashboardConfig& config) {
  const auto endpoint = web::parse_web_address(config.address);
  if (!endpoint) throw std::runtime_error("web = " + config.address + " is not ADDRESS:PORT");
  if (!web::is_loopback(*endpoint) && config.token.empty()) {
    throw std::runtime_error("web = " + config.address +
                             " is reachable from other machines: set web_token (or --web-token) "
                             "so only people with the token can see the runner's data");
  }
  web::WebServerConfig c;
  c.endpoint = *endpoint;
  c.token = config.token;
  return c;
}

// The station's link to a chain's server, when the configuration names one.
std::unique_ptr<FittingSyncWorker> start_fitting_sync(boost::asio::io_context& io, run::RunHub& hub,
                                                      const DashboardConfig& config) {
  if (config.shared_database.empty()) return nullptr;
  log::info("fitting: customers and trials shared with " +
            store::describe_postgres(config.shared_database) + " as station " +
            config.station.station);
  return std::make_unique<FittingSyncWorker>(
      io, config.database, config.shared_database, config.station,
      [&hub](std::int64_t run, double from_s, double to_s) { hub.forget_steps(run, from_s, to_s); },
      std::chrono::milliseconds(static_cast<long>(config.sync_interval_s * 1000)));
}

}  // namespace

WebDashboard::WebDashboard(boost::asio::io_context& io, run::RunHub& hub, store::Connection& db,
                           const StatusTracker& status, DashboardConfig config)
    : hub_(hub),
      db_(db),
      status_(status),
      assets_(config.assets_dir),
      sync_(start_fitting_sync(io, hub, config)),
      fitting_(io, db, std::make_unique<store::SqliteFittingStore>(db, config.station), sync_.get(),
               {[&hub] { return hub.store_recording_now(); },
                [&hub](std::int64_t run, double from_s, double to_s) {
                  hub.forget_steps(run, from_s, to_s);
                }}),
      reports_(io, config.database),
      frame_timer_(io),
      live_timer_(io) {
  add_routes();
  fitting_.keep_for(config.retention_days);
  server_ = std::make_unique<web::WebServer>(
      io, server_config(config),
      [this](const WebRequest& r, const web::WebServer::Respond& respond) { handle(r, respond); },
      [this] {
        arm_frame_timer();
        arm_live_timer();
        return feed_.layouts();
      },
      [](const std::string& message) { log::warning(message); });
  server_->start();
  hub_.add_listener(this);
  const std::string host = config.address.substr(0, config.address.rfind(':'));
  log::info("web dashboard on http://" + host + ":" + std::to_string(server_->port()) + "/");
}

WebDashboard::~WebDashboard() {
  frame_timer_.cancel();
  live_timer_.cancel();
  server_->stop();
}

void WebDashboard::on_run_started(std::int64_t run_id) { fitting_.run_started(run_id); }

void WebDashboard::on_device_ready(const std::string&, const insole::v1::DeviceInfo& info) {
  const auto side = run::side_of(info);
  if (!side) return;  // refused at the handshake
  side_by_serial_[info.serial_number()] = *side;
  const auto layout = run::layout_for_grid(info.grid_id());
  fitting_.device_ready(*side, layout);
  if (const auto message =
          feed_.device_ready(info.serial_number(), *side, info.grid_id(), layout)) {
    server_->broadcast(*message, false);
  }
}

void WebDashboard::on_frame(const std::string& serial_number, const session::SensorFrame& frame,
                            std::optional<double> run_time_s) {
  if (server_->live_clients() > 0) feed_.frame(serial_number, frame, unix_ms());
  if (run_time_s) {
    const auto it = side_by_serial_.find(serial_number);
    if (it != side_by_serial_.end()) fitting_.frame(it->second, *run_time_s, frame.forces_n);
  }
}

void WebDashboard::on_step(const analysis::Step& step) {
  fitting_.step(step);
  if (server_->live_clients() > 0) server_->broadcast(LiveFeed::step_message(step), false);
}

void WebDashboard::arm_frame_timer() {
  if (frame_timer_armed_) return;
  frame_timer_armed_ = true;
  frame_timer_.expires_after(kFrameInterval);
  frame_timer_.async_wait([this](const boost::system::error_code& ec) {
    frame_timer_armed_ = false;
    if (ec) return;
    if (server_->live_clients() == 0) return;  // nobody watches: no work until a page connects
    if (const auto message = feed_.tick(unix_ms())) server_->broadcast(*message, true);
    arm_frame_timer();
  });
}

void WebDashboard::arm_live_timer() {
  if (live_timer_armed_) return;
  live_timer_armed_ = true;
  live_timer_.expires_after(kLiveInterval);
  live_timer_.async_wait([this](const boost::system::error_code& ec) {
    live_timer_armed_ = false;
    if (ec) return;
    if (server_->live_clients() == 0) return;
    server_->broadcast(api::to_json(status_.snapshot(), "live", ++live_seq_).dump(), false);
    arm_live_timer();
  });
}

void WebDashboard::add_routes() {
  using Ids = web::RouteIds;
  using Respond = web::Router::Respond;
  fitting_.add_routes(router_, [this] {
    for (const auto& d : hub_.status().devices)
      if (d.streaming) return true;
    return false;
  });
  router_.add("GET", "/api/status", [this](const WebRequest&, const Ids&, const Respond& respond) {
    respond(web::json_response(api::to_json(status_.snapshot())));
  });
  // Reports over everything stored run on the worker's history lane (seconds on a long
  // history); one run's report on its own lane, never queued behind them.
  const auto stored = [this](std::string_view pattern,
                             std::function<nlohmann::json(store::Connection&)> make) {
    router_.add(
        "GET", pattern, [this, make](const WebRequest&, const Ids&, const Respond& respond) {
          reports_.run(
              ReportWorker::Lane::kHistory,
              [make](store::Connection& db) { return web::json_response(make(db)); }, respond);
        });
  };
  stored("/api/runs", [](store::Connection& db) { return reports::runs_json(db); });
  stored("/api/trends", [](store::Connection& db) { return reports::trends_json(db); });
  // ?surface=road|track|trail|treadmill: only the runs tagged with it.
  router_.add("GET", "/api/trends/weekly",
              [this](const WebRequest& request, const Ids&, const Respond& respond) {
                const auto q = request.query.find("surface");
                const std::string surface = q == request.query.end() ? "" : q->second;
                if (!surface.empty() && std::find(store::kSurfaces.begin(), store::kSurfaces.end(),
                                                  surface) == store::kSurfaces.end()) {
                  respond(json_error(400, "surface must be road, track, trail or treadmill"));
                  return;
                }
                reports_.run(
                    ReportWorker::Lane::kHistory,
                    [surface](store::Connection& db) {
                      return web::json_response(reports::weekly_trends_report(db, surface));
                    },
                    respond);
              });
  stored("/api/shoes", [](store::Connection& db) { return reports::shoes_json(db); });
  // A run that was not the runner's: off its shoe, or erased with its steps and raw frames.
  // On the loop, with the daemon's own connection (the worker only reads).
  const auto edit = [this](std::string method, std::string_view pattern,
                           std::function<json(std::int64_t)> apply) {
    router_.add(std::move(method), pattern,
                [apply](const WebRequest&, const Ids& ids, const Respond& respond) {
                  const std::int64_t id = ids["run"];
                  try {
                    respond(web::json_response(apply(id)));
                  } catch (const store::StoreError& e) {
                    const std::string what = e.what();
                    respond(json_error(what.rfind("no run", 0) == 0 ? 404 : 409, what));
                  }
                });
  };
  edit("DELETE", "/api/runs/{run}/shoe", [this](std::int64_t id) {
    const auto had = store::ShoeStore(db_).unassign(id);
    return json{{"api", 1}, {"run", id}, {"shoe", nullptr}, {"was", had ? json(*had) : json()}};
  });
  // What the run was on, said by the runner: {"surface": "road"|"track"|"trail"|"treadmill"|null}.
  router_.add("PUT", "/api/runs/{run}/surface",
              [this](const WebRequest& request, const Ids& ids, const Respond& respond) {
                const std::int64_t id = ids["run"];
                const auto body = json::parse(request.body, nullptr, false);
                if (body.is_discarded() || !body.is_object() || !body.contains("surface") ||
                    !(body["surface"].is_string() || body["surface"].is_null())) {
                  respond(json_error(400, "PUT /api/runs/" + std::to_string(id) +
                                              "/surface needs {\"surface\": name or null}"));
                  return;
                }
                const std::optional<std::string> surface =
                    body["surface"].is_null() ? std::nullopt
                                              : std::optional(body["surface"].get<std::string>());
                try {
                  store::ShoeStore(db_).set_run_surface(id, surface);
                  respond(web::json_response(
                      {{"api", 1}, {"run", id}, {"surface", surface ? json(*surface) : json()}}));
                } catch (const store::StoreError& e) {
                  const std::string what = e.what();
                  respond(json_error(what.rfind("no run", 0) == 0 ? 404 : 400, what));
                }
              });
  edit("DELETE", "/api/runs/{run}", [this](std::int64_t id) {
    store::RunWriter(db_).delete_run(id);
    log::info("run " + std::to_string(id) + " deleted from the dashboard");
    return json{{"api", 1}, {"deleted", true}};
  });
  // The run as a FIT activity file (docs/interop.md), for Garmin Connect, Strava and the like.
  router_.add("GET", "/api/runs/{run}/export.fit",
              [this](const WebRequest&, const Ids& ids, const Respond& respond) {
                const std::int64_t id = ids["run"];
                reports_.run(
                    ReportWorker::Lane::kOneRun,
                    [id](store::Connection& db) {
                      try {
                        const auto activity = reports::fit_activity(db, id);
                        if (!activity) return json_error(404, "no run " + std::to_string(id));
                        const auto bytes = fit::activity_file(*activity);
                        WebResponse r;
                        r.content_type = "application/vnd.ant.fit";
                        r.body.assign(bytes.begin(), bytes.end());
                        r.headers.emplace_back(
                            "Content-Disposition",
                            "attachment; filename=\"insole-run-" + std::to_string(id) + ".fit\"");
                        return r;
                      } catch (const reports::FitExportError& e) {
                        return json_error(409, e.what());
                      }
                    },
                    respond);
              });
  router_.add("GET", "/api/runs/{run}",
              [this](const WebRequest&, const Ids& ids, const Respond& respond) {
                const std::int64_t id = ids["run"];
                reports_.run(
                    ReportWorker::Lane::kOneRun,
                    [id](store::Connection& db) {
                      const auto report = reports::run_report_json(db, id);
                      return report ? web::json_response(*report)
                                    : json_error(404, "no run " + std::to_string(id));
                    },
                    respond);
              });
}

void WebDashboard::handle(const WebRequest& r, const web::WebServer::Respond& respond) {
  if (router_.dispatch(r, respond)) return;
  if (r.path.rfind("/api/", 0) == 0) return respond(json_error(404, "nothing at " + r.path));
  if (r.method != "GET") return respond(json_error(405, r.method + " is not allowed on " + r.path));
  const auto asset = assets_.find(r.path);
  if (!asset) return respond(json_error(404, "no file " + r.path));
  WebResponse response;
  response.content_type = asset->content_type;
  response.body = asset->body;
  respond(response);
}

std::unique_ptr<WebDashboard> start_web_dashboard(boost::asio::io_context& io, run::RunHub& hub,
                                                  store::Connection& db,
                                                  const StatusTracker& status,
                                                  DashboardConfig config) {
  if (config.address.empty()) return nullptr;
  return std::make_unique<WebDashboard>(io, hub, db, status, std::move(config));
}

}  // namespace insole::dashboard
