#include "insole/web/router.h"

#include <stdexcept>

namespace insole::web {

namespace {

std::vector<std::string_view> split(std::string_view path) {
  std::vector<std::string_view> out;
  if (!path.empty() && path.front() == '/') path.remove_prefix(1);
  while (true) {
    const auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

}  // namespace

std::int64_t RouteIds::operator[](std::string_view name) const {
  const auto it = ids_.find(name);
  if (it == ids_.end()) throw std::out_of_range("no id " + std::string(name) + " in the route");
  return it->second;
}

std::optional<std::int64_t> parse_id(std::string_view text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  std::int64_t v = 0;
  for (const char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v > 0 ? std::optional(v) : std::nullopt;
}

void Router::add(std::string method, std::string_view pattern, Handler handler) {
  Route route{std::move(method), {}, std::move(handler)};
  for (const std::string_view s : split(pattern)) {
    if (s.size() > 2 && s.front() == '{' && s.back() == '}')
      route.pattern.push_back({std::string(s.substr(1, s.size() - 2)), true});
    else
      route.pattern.push_back({std::string(s), false});
  }
  routes_.push_back(std::move(route));
}

bool Router::dispatch(const WebRequest& request, const Respond& respond) const {
  const auto path = split(request.path);
  // Best match: fewest id segments (literals win); then whether the method is taken.
  const Route* best = nullptr;
  std::size_t best_ids = 0;
  std::optional<std::string> bad_id;  // "customer abc"
  for (const Route& route : routes_) {
    if (route.pattern.size() != path.size()) continue;
    bool literals = true, ids = true;
    std::size_t id_count = 0;
    std::string first_bad;
    for (std::size_t i = 0; i < path.size() && literals; ++i) {
      const Segment& seg = route.pattern[i];
      if (!seg.id) {
        literals = seg.text == path[i];
      } else {
        ++id_count;
        if (ids && !parse_id(path[i])) {
          ids = false;
          first_bad = seg.text + " " + std::string(path[i]);
        }
      }
    }
    if (!literals) continue;
    if (!ids) {
      if (!bad_id) bad_id = first_bad;
      continue;
    }
    if (!best || id_count < best_ids) {
      best = &route;
      best_ids = id_count;
    }
  }
  if (!best) {
    if (!bad_id) return false;
    respond(json_error(404, "no " + *bad_id));
    return true;
  }
  // Among routes of the same shape as the best, the one taking this method.
  for (const Route& route : routes_) {
    if (route.pattern.size() != best->pattern.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < path.size() && same; ++i) {
      same = route.pattern[i].id == best->pattern[i].id &&
             (route.pattern[i].id || route.pattern[i].text == best->pattern[i].text);
    }
    if (!same || route.method != request.method) continue;
    RouteIds ids;
    for (std::size_t i = 0; i < path.size(); ++i) {
      if (route.pattern[i].id) ids.set(route.pattern[i].text, *parse_id(path[i]));
    }
    route.handler(request, ids, respond);
    return true;
  }
  respond(json_error(405, request.method + " is not allowed on " + request.path));
  return true;
}

}  // namespace insole::web
