// The dashboard's route table: method + path pattern -> handler, with typed ids (pure: no
// sockets, so routing is tested without a server).
//
// A pattern is "/"-separated literal segments and named ids, e.g. "/api/customers/{customer}/
// trials"; an id segment matches a positive whole number of at most 15 digits. dispatch():
// - a path matching a pattern with valid ids goes to that pattern's handler for the request's
//   method, or gets 405 "M is not allowed on PATH" when no handler takes the method;
// - a path that matches only with an id that is not one gets 404 "no customer abc" (the id's
//   name says what was looked for);
// - any other path is not the table's: dispatch() returns false and the caller answers.
// Literal segments win over ids ("/api/trials/active" before "/api/trials/{trial}").
#ifndef INSOLE_WEB_ROUTER_H_
#define INSOLE_WEB_ROUTER_H_

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/web/web_types.h"

namespace insole::web {

// The ids a matched path carried, by name.
class RouteIds {
 public:
  std::int64_t operator[](std::string_view name) const;  // throws std::out_of_range if absent
  void set(std::string name, std::int64_t id) { ids_[std::move(name)] = id; }

 private:
  std::map<std::string, std::int64_t, std::less<>> ids_;
};

// A positive whole number of at most 15 digits; nullopt for anything else.
std::optional<std::int64_t> parse_id(std::string_view text);

class Router {
 public:
  using Respond = std::function<void(WebResponse)>;
  using Handler = std::function<void(const WebRequest&, const RouteIds&, const Respond&)>;

  void add(std::string method, std::string_view pattern, Handler handler);
  bool dispatch(const WebRequest& request, const Respond& respond) const;

 private:
  struct Segment {
    std::string text;  // the literal, or the id's name
    bool id = false;
  };
  struct Route {
    std::string method;
    std::vector<Segment> pattern;
    Handler handler;
  };
  std::vector<Route> routes_;
};

}  // namespace insole::web

#endif  // INSOLE_WEB_ROUTER_H_
