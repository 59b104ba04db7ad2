#include "web_dashboard.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "insole/api/status_json.h"
#include "insole/grids/grid_layouts.h"
#include "insole/reports/run_report.h"
#include "insole/reports/shoe_wear.h"
#include "insole/session/protocol_check.h"
#include "insole/web/web_address.h"
#include "log.h"

namespace insole::app {
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

web::WebServerConfig server_config(const Config& config) {
  const auto endpoint = web::parse_web_address(config.web);
  if (!endpoint) throw std::runtime_error("web = " + config.web + " is not ADDRESS:PORT");
  if (!web::is_loopback(*endpoint) && config.web_token.empty()) {
    throw std::runtime_error("web = " + config.web +
                             " is reachable from other machines: set web_token (or --web-token) "
                             "so only people with the token can see the runner's data");
  }
  web::WebServerConfig c;
  c.endpoint = *endpoint;
  c.token = config.web_token;
  return c;
}

}  // namespace

WebDashboard::WebDashboard(Daemon& daemon, store::Connection& db, const StatusTracker& status)
    : daemon_(daemon),
      db_(db),
      status_(status),
      assets_(daemon.config().web_assets),
      fitting_(daemon.io(), db),
      reports_(daemon.io(), daemon.config().database),
      frame_timer_(daemon.io()),
      live_timer_(daemon.io()) {
  server_ = std::make_unique<web::WebServer>(
      daemon.io(), server_config(daemon.config()),
      [this](const WebRequest& r, const web::WebServer::Respond& respond) { handle(r, respond); },
      [this] {
        arm_frame_timer();
        arm_live_timer();
        return feed_.layouts();
      },
      [](const std::string& message) { log::warning(message); });
  server_->start();
  daemon_.add_listener(this);
  const auto& address = daemon.config().web;
  const std::string host = address.substr(0, address.rfind(':'));
  log::info("web dashboard on http://" + host + ":" + std::to_string(server_->port()) + "/");
}

WebDashboard::~WebDashboard() {
  frame_timer_.cancel();
  live_timer_.cancel();
  server_->stop();
}

void WebDashboard::on_run_started(std::int64_t) { fitting_.run_started(); }

void WebDashboard::on_device_ready(const std::string&, const insole::v1::DeviceInfo& info) {
  const char side = session::side_letter(info.side());
  side_by_serial_[info.serial_number()] = side;
  const auto layout = grids::layout_for_grid(info.grid_id());
  fitting_.device_ready(side, layout);
  if (const auto message = feed_.device_ready(info.serial_number(), side, info.grid_id(), layout)) {
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

void WebDashboard::on_step(const store::StepRecord& step) {
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

void WebDashboard::handle(const WebRequest& r, const web::WebServer::Respond& respond) {
  bool streaming = false;
  for (const auto& d : daemon_.status().devices) streaming = streaming || d.streaming;
  if (auto fitting = fitting_.handle(r, streaming)) return respond(*fitting);

  if (r.path.rfind("/api/", 0) == 0) {
    if (r.method != "GET") {
      return respond(json_error(405, r.method + " is not allowed on " + r.path));
    }
    if (r.path == "/api/status") {
      return respond(web::json_response(api::to_json(status_.snapshot())));
    }
    if (r.path == "/api/runs") {
      return reports_.run(
          [](store::Connection& db) { return web::json_response(reports::runs_json(db)); },
          respond);
    }
    if (r.path == "/api/trends") {
      return reports_.run(
          [](store::Connection& db) { return web::json_response(reports::trends_json(db)); },
          respond);
    }
    if (r.path == "/api/shoes") {
      return reports_.run(
          [](store::Connection& db) { return web::json_response(reports::shoes_json(db)); },
          respond);
    }
    static const std::string kRun = "/api/runs/";
    if (r.path.rfind(kRun, 0) == 0) {
      const std::string id_text = r.path.substr(kRun.size());
      char* end = nullptr;
      const long long id = std::strtoll(id_text.c_str(), &end, 10);
      if (id_text.empty() || *end != '\0' || id <= 0) {
        return respond(json_error(404, "no run " + id_text));
      }
      return reports_.run(
          [id, id_text](store::Connection& db) {
            const auto report = reports::run_report_json(db, id);
            return report ? web::json_response(*report) : json_error(404, "no run " + id_text);
          },
          respond);
    }
    return respond(json_error(404, "nothing at " + r.path));
  }
  if (r.method != "GET") return respond(json_error(405, r.method + " is not allowed on " + r.path));
  const auto asset = assets_.find(r.path);
  if (!asset) return respond(json_error(404, "no file " + r.path));
  WebResponse response;
  response.content_type = asset->content_type;
  response.body = asset->body;
  respond(response);
}

std::unique_ptr<WebDashboard> start_web_dashboard(Daemon& daemon, store::Connection& db,
                                                  const StatusTracker& status) {
  if (daemon.config().web.empty()) return nullptr;
  return std::make_unique<WebDashboard>(daemon, db, status);
}

}  // namespace insole::app
