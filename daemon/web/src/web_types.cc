#include "insole/web/web_types.h"

#include <nlohmann/json.hpp>

namespace insole::web {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool decode(const std::string& in, std::string& out, bool plus_is_space) {
  out.clear();
  for (std::size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '%') {
      if (i + 2 >= in.size()) return false;
      const int hi = hex_value(in[i + 1]);
      const int lo = hex_value(in[i + 2]);
      if (hi < 0 || lo < 0) return false;
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return true;
}

bool equal_constant_time(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return diff == 0;
}

}  // namespace

bool parse_target(const std::string& target, std::string& path,
                  std::map<std::string, std::string>& query) {
  if (target.empty() || target[0] != '/') return false;
  const auto q = target.find('?');
  if (!decode(target.substr(0, q), path, false)) return false;
  query.clear();
  if (q == std::string::npos) return true;
  const std::string rest = target.substr(q + 1);
  std::size_t from = 0;
  while (from <= rest.size()) {
    auto amp = rest.find('&', from);
    if (amp == std::string::npos) amp = rest.size();
    const std::string pair = rest.substr(from, amp - from);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      std::string key, value;
      if (!decode(pair.substr(0, eq), key, true)) return false;
      if (eq != std::string::npos && !decode(pair.substr(eq + 1), value, true)) return false;
      query[key] = value;
    }
    from = amp + 1;
  }
  return true;
}

bool authorized(const WebRequest& request, const std::string& token) {
  if (token.empty()) return true;
  static const std::string kBearer = "Bearer ";
  if (request.authorization.compare(0, kBearer.size(), kBearer) == 0 &&
      equal_constant_time(request.authorization.substr(kBearer.size()), token)) {
    return true;
  }
  const auto it = request.query.find("token");
  return it != request.query.end() && equal_constant_time(it->second, token);
}

namespace {

// Messages and answers may quote what a client sent (a percent-decoded path), which need not
// be UTF-8: bytes that are not are replaced (U+FFFD) instead of dump() throwing type_error 316.
std::string dump(const nlohmann::json& j) {
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

WebResponse json_error(int status, const std::string& message) {
  WebResponse r;
  r.status = status;
  r.body = dump(nlohmann::json{{"api", 1}, {"error", message}});
  return r;
}

WebResponse json_response(const nlohmann::json& body) {
  WebResponse r;
  r.body = dump(body);
  return r;
}

}  // namespace insole::web
