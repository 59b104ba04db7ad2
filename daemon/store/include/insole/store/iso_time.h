// The store's timestamps: ISO 8601 UTC with milliseconds, "YYYY-MM-DDTHH:MM:SS.fffZ" (as
// runs' started_at / ended_at and fitting trials are written), to and from Unix time (pure).
#ifndef INSOLE_STORE_ISO_TIME_H_
#define INSOLE_STORE_ISO_TIME_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace insole::store {

// `unix_ms` (milliseconds since 1970, UTC) as "YYYY-MM-DDTHH:MM:SS.fffZ".
std::string iso_utc(std::int64_t unix_ms);
std::string iso_utc(std::chrono::system_clock::time_point t);
// Now, in that form: when the store stamps a record it makes or changes.
std::string iso_utc_now();

// Seconds since 1970 of "YYYY-MM-DDTHH:MM:SS[.f...]Z"; nullopt for anything else (no zone
// other than Z, nothing after it).
std::optional<double> parse_iso_utc(const std::string& text);

}  // namespace insole::store

#endif  // INSOLE_STORE_ISO_TIME_H_
