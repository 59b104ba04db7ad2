#include "config.h"

#include "insole/link/link.h"
#include "insole/store/postgres.h"

#include "insole/web/web_address.h"

#include <charconv>
#include <cmath>
#include <map>

namespace insole::app {
namespace {

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(" \t\r");
  return s.substr(first, last - first + 1);
}

// A `#` that follows whitespace starts a comment; one inside a word (a path) does not.
std::string_view strip_comment(std::string_view s) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '#' && (i == 0 || s[i - 1] == ' ' || s[i - 1] == '\t')) return s.substr(0, i);
  }
  return s;
}

std::optional<unsigned> parse_hex16(std::string_view s) {
  unsigned v = 0;
  if (s.empty() || s.size() > 4) return std::nullopt;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (ec != std::errc{} || end != s.data() + s.size()) return std::nullopt;
  return v;
}

}  // namespace

std::optional<unsigned> parse_rate_hz(std::string_view text) {
  unsigned v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (v < 50 || v > 1000) return std::nullopt;
  return v;
}

std::optional<double> parse_non_negative(std::string_view text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  if (!std::isfinite(v) || v < 0) return std::nullopt;
  return v;
}

std::optional<UsbWatch> parse_usb_ids(std::string_view text) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const auto vid = parse_hex16(text.substr(0, colon));
  const auto pid = parse_hex16(text.substr(colon + 1));
  if (!vid || !pid) return std::nullopt;
  return UsbWatch{static_cast<std::uint16_t>(*vid), static_cast<std::uint16_t>(*pid)};
}

std::optional<log::Level> parse_log_level(std::string_view text) {
  static const std::map<std::string_view, log::Level> kLevels = {{"error", log::Level::kError},
                                                                 {"warning", log::Level::kWarning},
                                                                 {"notice", log::Level::kNotice},
                                                                 {"info", log::Level::kInfo},
                                                                 {"debug", log::Level::kDebug}};
  const auto it = kLevels.find(text);
  if (it == kLevels.end()) return std::nullopt;
  return it->second;
}

ConfigParse parse_config(std::string_view text, std::string_view file_name) {
  Config c;
  std::map<std::string, int> seen_at;  // single-valued key -> line it was set on
  int line_number = 0;
  auto fail = [&](const std::string& message) {
    return ConfigParse{std::nullopt,
                       std::string(file_name) + ":" + std::to_string(line_number) + ": " + message};
  };
  while (!text.empty()) {
    ++line_number;
    const auto newline = text.find('\n');
    const std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view{} : text.substr(newline + 1);
    const std::string_view line = trim(strip_comment(raw));
    if (line.empty()) continue;
    const auto equals = line.find('=');
    if (equals == std::string_view::npos)
      return fail("expected `key = value`, got `" + std::string(line) + "`");
    const std::string key(trim(line.substr(0, equals)));
    const std::string value(trim(line.substr(equals + 1)));
    if (key.empty()) return fail("missing key before `=`");
    const bool repeatable = key == "device" || key == "serial_glob";
    if (!repeatable) {
      const auto [it, inserted] = seen_at.emplace(key, line_number);
      if (!inserted)
        return fail("`" + key + "` is already set on line " + std::to_string(it->second));
    }
    if (value.empty() && key != "api_socket") return fail("`" + key + "` needs a value");

    if (key == "database") {
      if (store::is_postgres_uri(value)) {
        c.shared_database = value;
      } else if (seen_at.contains("local_database")) {
        return fail("`database` is a file here and `local_database` names another; keep one");
      } else {
        c.database = value;
      }
    } else if (key == "local_database") {
      if (seen_at.contains("database") && c.shared_database.empty())
        return fail(
            "`database` already names the file; set local_database only with a "
            "postgresql:// database");
      c.database = value;
    } else if (key == "retention_days") {
      const auto days = parse_non_negative(value);
      if (!days || *days > 36500)
        return fail("retention_days must be days from 0 (kept until deleted) to 36500, got `" +
                    value + "`");
      c.retention_days = *days;
    } else if (key == "sync_interval_s") {
      const auto seconds = parse_non_negative(value);
      if (!seconds || *seconds < 1 || *seconds > 3600)
        return fail("sync_interval_s must be seconds from 1 to 3600, got `" + value + "`");
      c.sync_interval_s = *seconds;
    } else if (key == "station" || key == "store") {
      if (value.size() > 64 || value.find_first_of("\"\\\t") != std::string::npos)
        return fail(key + " must be a name of at most 64 characters, without quotes");
      (key == "station" ? c.station : c.store) = value;
    } else if (key == "device") {
      // A misspelt scheme would otherwise be retried for ever as an insole that is not there.
      if (const std::string problem = link::device_uri_problem(value); !problem.empty()) {
        return fail(problem);
      }
      c.devices.push_back(value);
    } else if (key == "serial_glob") {
      if (value.front() != '/') return fail("serial_glob must be an absolute path pattern");
      c.serial_globs.push_back(value);
    } else if (key == "usb") {
      if (value == "off") {
        c.usb.reset();
      } else if (const auto ids = parse_usb_ids(value)) {
        c.usb = ids;
      } else {
        return fail("usb must be VID:PID in hexadecimal (e.g. 1209:0001) or `off`, got `" + value +
                    "`");
      }
    } else if (key == "rate_hz") {
      const auto rate = parse_rate_hz(value);
      if (!rate)
        return fail("rate_hz must be a whole number of Hz in 50..1000, got `" + value + "`");
      c.rate_hz = *rate;
    } else if (key == "recording_rate_hz") {
      const auto rate = parse_rate_hz(value);
      if (!rate)
        return fail("recording_rate_hz must be a whole number of Hz in 50..1000, got `" + value +
                    "`");
      c.recording_rate_hz = *rate;
    } else if (key == "db_max_mb") {
      const auto mb = parse_non_negative(value);
      if (!mb) return fail("db_max_mb must be megabytes >= 0 (0: no cap), got `" + value + "`");
      c.db_max_mb = *mb;
    } else if (key == "api_socket") {
      c.api_socket = value;
    } else if (key == "web") {
      if (value == "none") {
        c.web.clear();
      } else if (!web::parse_web_address(value)) {
        return fail("web must be ADDRESS:PORT (e.g. 127.0.0.1:8421) or `none`, got `" + value +
                    "`");
      } else {
        c.web = value;
      }
    } else if (key == "web_token") {
      c.web_token = value;
    } else if (key == "web_assets") {
      c.web_assets = value;
    } else if (key == "capture_dir") {
      c.capture_dir = value;
    } else if (key == "run_idle_end_s") {
      const auto s = parse_non_negative(value);
      if (!s) return fail("run_idle_end_s must be seconds >= 0, got `" + value + "`");
      c.run_idle_end_s = *s;
    } else if (key == "log_level") {
      const auto level = parse_log_level(value);
      if (!level)
        return fail("log_level must be error, warning, notice, info or debug, got `" + value + "`");
      c.log_level = *level;
    } else {
      return fail(
          "unknown key `" + key +
          "` (known: database, local_database, station, store, retention_days, sync_interval_s, "
          "device, "
          "serial_glob, usb, "
          "rate_hz, recording_rate_hz, db_max_mb, api_socket, "
          "run_idle_end_s, log_level, web, web_token, web_assets, capture_dir)");
    }
  }
  return ConfigParse{c, {}};
}

std::string config_problem(const Config& c) {
  if (c.web.empty()) return "";
  const auto endpoint = web::parse_web_address(c.web);
  if (!endpoint) return "web = " + c.web + " is not ADDRESS:PORT (e.g. 127.0.0.1:8421)";
  if (!web::is_loopback(*endpoint) && c.web_token.empty()) {
    return "web = " + c.web +
           " is reachable from other machines: set web_token (or --web-token) so only people "
           "with the token can see the runner's data";
  }
  return "";
}

}  // namespace insole::app
