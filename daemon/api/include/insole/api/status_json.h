// The status as JSON, schema "api": 1 (docs/api.md): one object per status or live update.
#ifndef INSOLE_API_STATUS_JSON_H_
#define INSOLE_API_STATUS_JSON_H_

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string_view>

#include "insole/api/status.h"

namespace insole::api {

// type: "status" (an answer to get) or "live" (an update of a subscription, numbered by seq).
nlohmann::json to_json(const Status& status, std::string_view type = "status",
                       std::uint64_t seq = 0);

// {"api": 1, "error": message}
nlohmann::json error_json(std::string_view message);

}  // namespace insole::api

#endif  // INSOLE_API_STATUS_JSON_H_
