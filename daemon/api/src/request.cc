#include "insole/api/request.h"

#include <nlohmann/json.hpp>

namespace insole::api {

namespace {

constexpr const char* kExpected = R"(expected {"get":"status"} or {"subscribe":"live"})";

ParsedRequest fail(std::string message) { return {std::nullopt, std::move(message)}; }

}  // namespace

ParsedRequest parse_request(std::string_view line) {
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  const nlohmann::json request = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
  if (request.is_discarded())
    return fail(std::string("malformed request (not JSON); ") + kExpected);
  if (!request.is_object() || request.size() != 1)
    return fail(std::string("malformed request (not an object with one key); ") + kExpected);
  if (const auto get = request.find("get"); get != request.end()) {
    if (get->is_string() && *get == "status") return {RequestKind::kGetStatus, {}};
    return fail("unknown get " + get->dump() + R"(; expected "status")");
  }
  if (const auto sub = request.find("subscribe"); sub != request.end()) {
    if (sub->is_string() && *sub == "live") return {RequestKind::kSubscribeLive, {}};
    return fail("unknown subscribe " + sub->dump() + R"(; expected "live")");
  }
  return fail("unknown request " + request.dump() + "; " + kExpected);
}

}  // namespace insole::api
