// insoled's configuration and its file format (docs/service.md), parsed without I/O.
//
// The format is one `key = value` per line; blank lines and lines starting with `#` are
// ignored, and ` #` after a value starts a comment. `device` and `serial_glob` may repeat;
// every other key may appear once. An unknown key, a bad value or a repeated single key makes
// the whole text invalid: parse_config() then returns no Config and an error "FILE:LINE: what".
#ifndef INSOLE_DAEMON_APP_CONFIG_H_
#define INSOLE_DAEMON_APP_CONFIG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/link/usb_link.h"
#include "insole/log/log.h"
#include "insole/paths/install_paths.h"

namespace insole::app {

inline constexpr const char* kDefaultConfigPath = paths::kSystemConfig;
inline constexpr const char* kDefaultDatabasePath = paths::kSystemDatabase;

struct UsbWatch {
  std::uint16_t vendor_id = link::kDefaultUsbVendorId;
  std::uint16_t product_id = link::kDefaultUsbProductId;
  bool operator==(const UsbWatch&) const = default;
};

struct Config {
  std::string database = kDefaultDatabasePath;  // the station's own SQLite file
  // A PostgreSQL server whose fitting data (customers, trials) a store's or a chain's stations
  // share (`database = postgresql://...`; docs/store-chain.md); empty: the own file keeps them.
  std::string shared_database;
  std::string station;  // this station's name on the shared server; empty: the host name
  std::string store;    // the store it stands in
  // A store fitting's customers with no fitting for this many days are erased (0: kept until
  // deleted); docs/fitting.md.
  double retention_days = 0;
  double sync_interval_s = 10;            // how often a station syncs with a shared server, 1..3600
  std::vector<std::string> devices;       // link URIs opened at start and reopened when lost
  std::vector<std::string> serial_globs;  // glob(7) patterns of serial device paths
  std::optional<UsbWatch> usb = UsbWatch{};  // nullopt: no USB hotplug watching ("usb = off")
  unsigned rate_hz = 200;                    // 50..1000
  // Rate of the runs an insole records with no PC (kept by the insole); nullopt: its own
  // (200 Hz until set). Lower records longer: docs/protocol.md#how-long-a-run-the-insole-stores.
  std::optional<unsigned> recording_rate_hz;
  double db_max_mb = 0;        // 0: no cap
  std::string api_socket;      // empty: no local API
  double run_idle_end_s = 60;  // a run ends this long after its last device left
  log::Level log_level = log::Level::kInfo;
  std::string web;          // dashboard address (docs/web.md), e.g. 127.0.0.1:8421; empty: none
  std::string web_token;    // required when web is not a loopback address
  std::string web_assets;   // serve the page's files from this directory (development)
  std::string capture_dir;  // write every link's bytes there as captures (link/capture.h)
  bool operator==(const Config&) const = default;
};

struct ConfigParse {
  std::optional<Config> config;  // set when the text is valid
  std::string error;             // otherwise "FILE:LINE: message"
};

// Parses the text of a configuration file; file_name only labels errors. Keys not in the text
// keep their defaults.
ConfigParse parse_config(std::string_view text, std::string_view file_name);

// What no single key shows but the whole configuration (file and flags) does: a dashboard
// reachable from other machines without a token. Empty when fine; otherwise a sentence saying
// what to set. insoled refuses such a configuration like a malformed file (exit 2).
std::string config_problem(const Config& config);

// Parsers of single values, shared with the command line; nullopt when the text is not valid.
std::optional<unsigned> parse_rate_hz(std::string_view text);
std::optional<double> parse_non_negative(std::string_view text);
std::optional<UsbWatch> parse_usb_ids(std::string_view text);
std::optional<log::Level> parse_log_level(std::string_view text);

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_CONFIG_H_
