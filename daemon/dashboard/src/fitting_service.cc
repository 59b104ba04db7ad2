#include "insole/dashboard/fitting_service.h"

#include <algorithm>
#include <cmath>

#include "insole/dashboard/api_status.h"
#include "insole/fitting/ranking_json.h"
#include "insole/fitting/recommendation.h"
#include "insole/fitting/trial_json.h"
#include "insole/log/log.h"
#include "insole/run/run_erase.h"
#include "insole/store/fitting_sync.h"
#include "insole/store/iso_time.h"
#include "insole/store/shoes.h"
#include "insole/store/sqlite.h"

namespace insole::dashboard {
namespace {

using nlohmann::json;
using web::json_error;
using web::WebRequest;
using web::WebResponse;

constexpr double kMinTargetS = 5;
constexpr double kMaxTargetS = 600;

// The request body as a JSON object; nullopt (and a 400 in *error) otherwise.
std::optional<json> body_object(const WebRequest& r, WebResponse* error) {
  const json body = json::parse(r.body.empty() ? "{}" : r.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    *error = json_error(400, "the request body must be a JSON object");
    return std::nullopt;
  }
  return body;
}

std::size_t foot(analysis::Side side) { return side == analysis::Side::kLeft ? 0 : 1; }

}  // namespace

FittingService::FittingService(boost::asio::io_context& io, store::Connection& db,
                               std::unique_ptr<store::FittingStore> fittings,
                               FittingSyncWorker* sync, Recording recording)
    : db_(db),
      fittings_(std::move(fittings)),
      sync_(sync),
      recording_(std::move(recording)),
      target_timer_(io),
      retention_timer_(io) {}

void FittingService::keep_for(double days) {
  retention_days_ = days;
  if (days > 0) erase_expired();
}

void FittingService::erase_expired() {
  const auto cutoff = std::chrono::system_clock::now() -
                      std::chrono::duration_cast<std::chrono::system_clock::duration>(
                          std::chrono::duration<double, std::ratio<86400>>(retention_days_));
  try {
    const auto& store = fittings_->station().store;
    for (const auto id : fittings_->idle_customers(store, store::iso_utc(cutoff))) {
      if (active_ && active_->customer_id == id) continue;  // back after a long while: trying
      const auto erased = delete_customer(id);
      if (erased.status == 200) {
        log::info("customer " + std::to_string(id) + " erased: no fitting in " +
                  std::to_string(static_cast<long>(retention_days_)) + " days (retention_days)");
      }
    }
  } catch (const std::exception& e) {
    log::warning(std::string("fitting: the retention period could not be applied: ") + e.what());
  }
  retention_timer_.expires_after(std::chrono::hours(1));
  retention_timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) erase_expired();
  });
}

void FittingService::changed() {
  if (sync_) sync_->nudge();
}

json FittingService::sync_json() {
  if (!sync_) return nullptr;
  const auto state = sync_->state();
  json out = {
      {"server", state.server},
      {"reachable", state.reachable},
      {"last_sync_at", state.last_sync_at.empty() ? json(nullptr) : json(state.last_sync_at)},
      {"error", state.last_error.empty() ? json(nullptr) : json(state.last_error)},
      {"waiting", nullptr}};
  try {
    out["waiting"] = store::fitting_changes_waiting(db_);
  } catch (const std::exception&) {
    // A file from before schema 17 cannot say: left null.
  }
  return out;
}

std::uint64_t FittingService::erase_stretch(const store::FittingTrialRecord& t) {
  if (!t.run_id) return 0;
  return run::erase_run_stretch(db_, *t.run_id, t.run_from_s - store::kTrialEraseMarginS,
                                t.run_to_s + store::kTrialEraseMarginS)
      .frames;
}

void FittingService::forget_steps(const std::vector<store::FittingTrialRecord>& erased) {
  if (!recording_.forget_steps) return;
  for (const auto& t : erased) {
    if (t.run_id)
      recording_.forget_steps(*t.run_id, t.run_from_s - store::kTrialEraseMarginS,
                              t.run_to_s + store::kTrialEraseMarginS);
  }
}

void FittingService::run_started(std::int64_t run_id) {
  run_id_ = run_id;
  if (!active_) return;
  log::warning("fitting trial of " + active_->shoe +
               " abandoned: the insoles started a new run (they were away)");
  last_problem_ = "the trial of " + active_->shoe +
                  " was abandoned: the insoles disconnected; please run it again";
  ended_id_ = active_->id;
  last_finished_.reset();
  active_.reset();
  target_timer_.cancel();
}

void FittingService::device_ready(analysis::Side side,
                                  const std::optional<analysis::Layout>& layout) {
  layouts_[foot(side)] = layout;
  if (active_ && layout) {
    try {
      active_->accumulator->attach(side, *layout);
    } catch (const std::exception& e) {
      log::warning(std::string("fitting: insole layout not usable: ") + e.what());
    }
  }
}

void FittingService::frame(analysis::Side side, double run_time_s,
                           const std::vector<float>& forces_n) {
  if (!active_) return;
  if (!active_->start_run_time_s) active_->start_run_time_s = run_time_s;
  active_->last_run_time_s = std::max(active_->last_run_time_s, run_time_s);
  active_->accumulator->add_frame(side, run_time_s, forces_n);
}

void FittingService::step(const analysis::Step& step) {
  if (!active_ || !active_->start_run_time_s) return;
  if (step.contact_s < *active_->start_run_time_s) return;  // began before the trial
  active_->accumulator->add_step(step);
  ++active_->steps[foot(step.side)];
}

json FittingService::customer_json(const store::CustomerRecord& c) {
  return {{"id", c.id},
          {"uuid", c.uuid},
          {"name", c.name},
          {"notes", c.notes},
          {"created_at", c.created_at},
          {"trials", c.trials},
          {"body_mass_kg", c.body_mass_kg ? json(*c.body_mass_kg) : json(nullptr)},
          {"email", c.email},
          {"phone", c.phone},
          {"station", c.station},
          {"store", c.store}};
}

namespace {

// A request's optional text field: "" when absent or not a string.
std::string text_field(const json& body, const char* key) {
  const auto found = body.find(key);
  return found != body.end() && found->is_string() ? found->get<std::string>() : "";
}

// A request's "body_mass_kg": absent or null is not given; otherwise a number (the store checks
// the range). False with *error when it is something else.
bool body_mass_of(const json& body, std::optional<double>* kg, std::string* error) {
  const auto found = body.find("body_mass_kg");
  kg->reset();
  if (found == body.end() || found->is_null()) return true;
  if (!found->is_number()) {
    *error = "body_mass_kg must be a number of kilograms (20 to 300), or null";
    return false;
  }
  *kg = found->get<double>();
  return true;
}

}  // namespace

void FittingService::add_routes(web::Router& router, std::function<bool()> streaming) {
  using Ids = web::RouteIds;
  // Each answer is made now, on the loop; a store error is the request's (404 for "no ...").
  const auto route = [&](std::string method, std::string_view pattern,
                         std::function<WebResponse(const WebRequest&, const Ids&)> answer) {
    router.add(std::move(method), pattern,
               [answer = std::move(answer)](const WebRequest& r, const Ids& ids,
                                            const web::Router::Respond& respond) {
                 try {
                   respond(answer(r, ids));
                 } catch (const store::StoreError& e) {
                   const std::string what = e.what();
                   respond(json_error(what.rfind("no ", 0) == 0 ? 404 : 400, what));
                 }
               });
  };
  // ?q=TEXT: the customers whose name, email or phone holds it, best first (store/fitting.h).
  route("GET", "/api/customers", [this](const WebRequest& r, const Ids&) {
    json list = json::array();
    const auto q = r.query.find("q");
    const auto found =
        q == r.query.end() ? fittings_->customers() : fittings_->find_customers(q->second, 50);
    for (const auto& c : found) list.push_back(customer_json(c));
    return web::json_response({{"api", 1},
                               {"customers", list},
                               {"station", fittings_->station().station},
                               {"store", fittings_->station().store},
                               {"shared", sync_ != nullptr},
                               {"sync", sync_json()}});
  });
  // The link to the chain's server (docs/store-chain.md); null "sync" on a station of its own.
  route("GET", "/api/fitting/sync", [this](const WebRequest&, const Ids&) {
    return web::json_response({{"api", 1}, {"sync", sync_json()}});
  });
  route("POST", "/api/customers", [this](const WebRequest& r, const Ids&) {
    WebResponse bad;
    const auto body = body_object(r, &bad);
    if (!body) return bad;
    if (!body->contains("name") || !(*body)["name"].is_string()) {
      return json_error(400, "a customer needs a name (a first name or nickname is enough)");
    }
    store::NewCustomer customer;
    customer.name = (*body)["name"].get<std::string>();
    customer.notes = text_field(*body, "notes");
    customer.email = text_field(*body, "email");
    customer.phone = text_field(*body, "phone");
    std::string error;
    if (!body_mass_of(*body, &customer.body_mass_kg, &error)) return json_error(400, error);
    const auto id = fittings_->add_customer(customer);
    changed();
    return web::json_response({{"api", 1}, {"id", id}, {"uuid", fittings_->customer(id)->uuid}});
  });
  // The body mass alone (a customer gives it later, or asks to have it removed: null).
  route("PUT", "/api/customers/{customer}/body-mass", [this](const WebRequest& r, const Ids& ids) {
    WebResponse bad;
    const auto body = body_object(r, &bad);
    if (!body) return bad;
    if (!body->contains("body_mass_kg"))
      return json_error(400, "say {\"body_mass_kg\": kilograms (20 to 300) or null}");
    std::optional<double> mass;
    std::string error;
    if (!body_mass_of(*body, &mass, &error)) return json_error(400, error);
    store::FittingStore& store = *fittings_;
    store.set_body_mass(ids["customer"], mass);
    changed();
    return web::json_response(
        {{"api", 1}, {"customer", customer_json(*store.customer(ids["customer"]))}});
  });
  route("GET", "/api/customers/{customer}", [this](const WebRequest&, const Ids& ids) {
    store::FittingStore& store = *fittings_;
    const auto c = store.customer(ids["customer"]);
    if (!c) return json_error(404, "no customer " + std::to_string(ids["customer"]));
    json trials = json::array();
    for (const auto& t : store.trials_of(c->id)) trials.push_back(trial_json(t));
    return web::json_response({{"api", 1}, {"customer", customer_json(*c)}, {"trials", trials}});
  });
  route("DELETE", "/api/customers/{customer}",
        [this](const WebRequest&, const Ids& ids) { return delete_customer(ids["customer"]); });
  route("POST", "/api/customers/{customer}/trials",
        [this, streaming](const WebRequest& r, const Ids& ids) {
          const std::int64_t id = ids["customer"];
          if (!(*fittings_).customer(id))
            return json_error(404, "no customer " + std::to_string(id));
          WebResponse bad;
          const auto body = body_object(r, &bad);
          if (!body) return bad;
          return start_trial(id, *body, streaming());
        });
  route("GET", "/api/customers/{customer}/comparison", [this](const WebRequest&, const Ids& ids) {
    const std::int64_t id = ids["customer"];
    if (!(*fittings_).customer(id)) return json_error(404, "no customer " + std::to_string(id));
    return comparison(id);
  });
  route("GET", "/api/trials/active",
        [this](const WebRequest&, const Ids&) { return active_json(); });
  route("POST", "/api/trials/{trial}/stop",
        [this](const WebRequest&, const Ids& ids) { return stop_trial(ids["trial"]); });
  route("PUT", "/api/trials/{trial}", [this](const WebRequest& r, const Ids& ids) {
    WebResponse bad;
    const auto body = body_object(r, &bad);
    if (!body) return bad;
    // find(), not operator[]: on a const json a missing key is undefined behaviour.
    const auto found = body->find("comfort");
    if (found == body->end()) {
      return json_error(400, "comfort must be a whole number from 1 to 10, or null");
    }
    const json& comfort = *found;
    store::FittingStore& store = *fittings_;
    if (comfort.is_null()) {
      store.set_comfort(ids["trial"], std::nullopt);
    } else if (comfort.is_number_integer()) {
      store.set_comfort(ids["trial"], comfort.get<int>());
    } else {
      return json_error(400, "comfort must be a whole number from 1 to 10, or null");
    }
    changed();
    return web::json_response({{"api", 1}, {"trial", trial_json(*store.trial(ids["trial"]))}});
  });
  route("DELETE", "/api/trials/{trial}", [this](const WebRequest&, const Ids& ids) {
    (*fittings_).delete_trial(ids["trial"]);
    changed();
    return web::json_response({{"api", 1}, {"deleted", true}});
  });
  route("GET", "/api/trials/{trial}", [this](const WebRequest&, const Ids& ids) {
    const auto t = (*fittings_).trial(ids["trial"]);
    if (!t) return json_error(404, "no trial " + std::to_string(ids["trial"]));
    return web::json_response({{"api", 1}, {"trial", trial_json(*t)}});
  });
}

WebResponse FittingService::start_trial(std::int64_t customer_id, const json& body,
                                        bool streaming) {
  if (active_) {
    return json_error(409, "a trial (" + active_->shoe + ") is running; stop it first");
  }
  if (!streaming) {
    return json_error(409, "no insole is streaming: put the insoles in the shoes and plug them in");
  }
  if (!body.contains("shoe") || !body["shoe"].is_string() ||
      body["shoe"].get<std::string>().find_first_not_of(" \t") == std::string::npos) {
    return json_error(400, "say which shoe is tried, e.g. {\"shoe\": \"Brand Model 42\"}");
  }
  double target_s = 30;
  if (body.contains("target_s")) {
    if (!body["target_s"].is_number() || !std::isfinite(body["target_s"].get<double>()) ||
        body["target_s"].get<double>() < kMinTargetS ||
        body["target_s"].get<double>() > kMaxTargetS) {
      return json_error(400, "target_s must be seconds from 5 to 600");
    }
    target_s = body["target_s"].get<double>();
  }
  Active a;
  a.id = next_active_id_++;
  a.customer_id = customer_id;
  a.shoe = body["shoe"].get<std::string>();
  a.started_at = store::iso_utc(std::chrono::system_clock::now());
  a.started = std::chrono::steady_clock::now();
  a.target_s = target_s;
  // The customer's body mass, when given, for loading rate per body weight; otherwise the trial
  // estimates body weight from the steps' impulse balance.
  fitting::TrialConfig config;
  if (const auto c = (*fittings_).customer(customer_id); c && c->body_mass_kg)
    config.body_mass_kg = *c->body_mass_kg;
  a.accumulator = std::make_unique<fitting::TrialAccumulator>(layouts_[0], layouts_[1], config);
  active_ = std::move(a);
  last_problem_.clear();
  if (run_id_ != 0) {
    // Fitting trials never count towards a runner's shoe.
    try {
      if (const auto shoe = store::ShoeStore(db_).unassign(run_id_)) {
        log::info("run " + std::to_string(run_id_) + " records a store fitting: shoe " +
                  std::to_string(*shoe) + " no longer counts it");
      }
    } catch (const std::exception& e) {
      log::warning("fitting: run " + std::to_string(run_id_) +
                   " could not be taken off its shoe: " + e.what());
    }
  }
  log::info("fitting trial " + std::to_string(active_->id) + " of " + active_->shoe +
            " started for customer " + std::to_string(customer_id));
  target_timer_.expires_after(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(target_s)));
  const auto id = active_->id;
  target_timer_.async_wait([this, id](const boost::system::error_code& ec) {
    if (ec || !active_ || active_->id != id) return;
    std::string why;
    try {
      if (!finish(&why)) last_problem_ = why;
    } catch (const std::exception& e) {
      last_problem_ = std::string("the trial could not be stored: ") + e.what();
      log::error("fitting: " + last_problem_);
    }
  });
  return web::json_response({{"api", 1}, {"id", id}});
}

std::optional<store::FittingTrialRecord> FittingService::finish(std::string* why_not) {
  Active a = std::move(*active_);
  active_.reset();
  target_timer_.cancel();
  ended_id_ = a.id;
  last_finished_.reset();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - a.started).count();
  if (a.steps[0] + a.steps[1] == 0) {
    *why_not = "no step was recorded in the trial of " + a.shoe +
               ": is the customer running with the insoles in the shoes?";
    log::warning("fitting: " + *why_not);
    return std::nullopt;
  }
  store::FittingTrialRecord t;
  t.customer_id = a.customer_id;
  t.shoe = a.shoe;
  t.started_at = a.started_at;
  t.duration_s = std::min(elapsed, a.target_s);
  t.result_json = fitting::trial_result_json(a.accumulator->result()).dump();
  if (run_id_ != 0 && a.start_run_time_s) {
    t.run_id = run_id_;
    t.run_from_s = *a.start_run_time_s;
    t.run_to_s = a.last_run_time_s;
  }
  store::FittingStore& store = *fittings_;
  t.id = store.add_trial(t);
  changed();
  log::info("fitting trial of " + t.shoe + " stored as trial " + std::to_string(t.id) + " (" +
            std::to_string(a.steps[0]) + " left and " + std::to_string(a.steps[1]) +
            " right steps)");
  last_finished_ = t;
  return t;
}

WebResponse FittingService::stop_trial(std::int64_t active_id) {
  if (!active_ || active_->id != active_id) {
    if (active_id == ended_id_) {
      // It reached its target first: the page's stop came late. Answer how it ended.
      if (last_finished_) {
        return web::json_response({{"api", 1}, {"trial", trial_json(*last_finished_)}});
      }
      return json_error(409, last_problem_.empty() ? "the trial has ended" : last_problem_);
    }
    return json_error(404, "no running trial " + std::to_string(active_id));
  }
  std::string why;
  const auto t = finish(&why);
  if (!t) {
    last_problem_ = why;
    return json_error(409, why);
  }
  return web::json_response({{"api", 1}, {"trial", trial_json(*t)}});
}

WebResponse FittingService::active_json() {
  json last = last_finished_ ? trial_json(*last_finished_) : json(nullptr);
  json problem = last_problem_.empty() ? json(nullptr) : json(last_problem_);
  if (!active_)
    return web::json_response(
        {{"api", 1}, {"trial", nullptr}, {"last", last}, {"problem", problem}});
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - active_->started).count();
  return web::json_response({{"api", 1},
                             {"trial",
                              {{"id", active_->id},
                               {"customer_id", active_->customer_id},
                               {"shoe", active_->shoe},
                               {"started_at", active_->started_at},
                               {"elapsed_s", elapsed},
                               {"target_s", active_->target_s},
                               {"steps", {{"L", active_->steps[0]}, {"R", active_->steps[1]}}}}},
                             {"last", last},
                             {"problem", problem}});
}

json FittingService::trial_json(const store::FittingTrialRecord& t) {
  json result = json::parse(t.result_json, nullptr, false);
  if (result.is_discarded()) result = nullptr;
  return {{"id", t.id},
          {"customer_id", t.customer_id},
          {"shoe", t.shoe},
          {"started_at", t.started_at},
          {"duration_s", t.duration_s},
          {"comfort", t.comfort ? json(*t.comfort) : json(nullptr)},
          {"recorded_in",
           t.run_id ? json{{"run", *t.run_id}, {"from_s", t.run_from_s}, {"to_s", t.run_to_s}}
                    : json(nullptr)},
          {"result", result}};
}

WebResponse FittingService::comparison(std::int64_t customer_id) {
  store::FittingStore& store = *fittings_;
  const auto trials = store.trials_of(customer_id);
  std::vector<fitting::TrialForRanking> ranked;
  json list = json::array();
  for (const auto& t : trials) {
    list.push_back(trial_json(t));
    const json result = json::parse(t.result_json, nullptr, false);
    if (result.is_discarded()) continue;
    try {
      ranked.push_back({t.id, t.shoe, t.comfort, fitting::parse_trial_result(result)});
    } catch (const std::exception& e) {
      log::warning("fitting: trial " + std::to_string(t.id) + " is not readable: " + e.what());
    }
  }
  json out = fitting::ranking_json(fitting::rank_trials(ranked));
  out["api"] = 1;
  out["trials"] = list;
  return web::json_response(out);
}

WebResponse FittingService::delete_customer(std::int64_t customer_id) {
  store::FittingStore& store = *fittings_;
  if (!store.customer(customer_id)) {
    return json_error(404, "no customer " + std::to_string(customer_id));
  }
  // A trial running now for them: its stretch goes too.
  std::optional<store::FittingTrialRecord> running;
  if (active_ && active_->customer_id == customer_id) {
    if (run_id_ != 0 && active_->start_run_time_s) {
      running.emplace();
      running->run_id = run_id_;
      running->run_from_s = *active_->start_run_time_s;
      running->run_to_s = active_->last_run_time_s;
    }
    active_.reset();
    target_timer_.cancel();
  }
  if (last_finished_ && last_finished_->customer_id == customer_id) last_finished_.reset();
  // Frames still in memory would be written after the erase: store them first.
  if (recording_.store_recording_now && !recording_.store_recording_now()) {
    return json_error(503,
                      "the recording could not be written to the database, so the customer's "
                      "frames cannot be erased yet; nothing was deleted, try again");
  }
  std::uint64_t frames = 0;
  std::vector<store::FittingTrialRecord> erased;
  try {
    store.delete_customer(customer_id, [&](const std::vector<store::FittingTrialRecord>& here) {
      erased = here;
      if (running) erased.push_back(*running);
      for (const auto& t : erased) frames += erase_stretch(t);
    });
  } catch (const store::StoreError&) {
    throw;
  } catch (const std::exception& e) {  // a stored block this build cannot decode
    log::error("fitting: customer " + std::to_string(customer_id) + " not erased: " + e.what());
    return json_error(500, std::string("nothing was deleted: ") + e.what());
  }
  forget_steps(erased);
  changed();
  log::info("customer " + std::to_string(customer_id) + " erased with their " +
            std::to_string(erased.size()) +
            " trial recording(s) on this station: " + std::to_string(frames) + " raw frames");
  return web::json_response({{"api", 1}, {"deleted", true}, {"frames_erased", frames}});
}

}  // namespace insole::dashboard
