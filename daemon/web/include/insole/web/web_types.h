// Requests and responses as the dashboard's handlers see them: plain values, no Beast types, so
// routing and the endpoints can be tested without sockets.
#ifndef INSOLE_WEB_WEB_TYPES_H_
#define INSOLE_WEB_WEB_TYPES_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

namespace insole::web {

struct WebRequest {
  std::string method;  // "GET", "POST", ...
  std::string path;    // percent-decoded, without the query
  std::map<std::string, std::string> query;
  std::string authorization;  // the Authorization header, as sent
  std::string body;
};

struct WebResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra ones
};

// Splits "/a/b?x=1&y=%20" into a percent-decoded path and query; false when the target is not
// an absolute path or has a malformed escape.
bool parse_target(const std::string& target, std::string& path,
                  std::map<std::string, std::string>& query);

// The request carries the token: "Authorization: Bearer TOKEN" or ?token=TOKEN. An empty
// token means none is required. Compared in constant time.
bool authorized(const WebRequest& request, const std::string& token);

// {"api":1,"error":message} with the status.
WebResponse json_error(int status, const std::string& message);
// A JSON answer (status 200).
WebResponse json_response(const nlohmann::json& body);

}  // namespace insole::web

#endif  // INSOLE_WEB_WEB_TYPES_H_
