// One request line of the local API (pure): newline-delimited JSON objects.
//
//   {"get":"status"}      -> one status object
//   {"subscribe":"live"}  -> a live object now and then every second until the client leaves
// Anything else is answered with {"api":1,"error":"..."} and the connection stays open.
#ifndef INSOLE_API_REQUEST_H_
#define INSOLE_API_REQUEST_H_

#include <optional>
#include <string>
#include <string_view>

namespace insole::api {

enum class RequestKind { kGetStatus, kSubscribeLive };

struct ParsedRequest {
  std::optional<RequestKind> kind;  // nullopt: error says why
  std::string error;
};

// line: one request without its '\n' (a trailing '\r' is ignored).
ParsedRequest parse_request(std::string_view line);

}  // namespace insole::api

#endif  // INSOLE_API_REQUEST_H_
