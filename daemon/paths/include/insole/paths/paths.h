// Where insoled and insolectl find each other, defined once (docs/service.md#files).
//
// The system service (insoled.service, user and group `insole`): configuration kSystemConfig,
// database kSystemDatabase, local API socket kSystemSocket (install_paths.h, generated from the
// build's settings). A user's own insoled (`systemctl --user`, or by hand): the XDG base
// directories: $XDG_RUNTIME_DIR/insole/insoled.sock, $XDG_DATA_HOME/insole/insole.db (default
// ~/.local/share); its configuration is the system's (the user unit).
//
// A client looks for the user's socket first, then the system's; for the database, the user's
// when that file exists, else the system's when it exists (pure: existence is asked through a
// callback).
#ifndef INSOLE_PATHS_PATHS_H_
#define INSOLE_PATHS_PATHS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "insole/paths/install_paths.h"

namespace insole::paths {

// The environment variables the user paths come from; null or empty means unset.
struct Environment {
  const char* xdg_runtime_dir = nullptr;
  const char* xdg_data_home = nullptr;
  const char* home = nullptr;
  static Environment current();  // from getenv
};

// nullopt when the variables it needs are unset.
std::optional<std::string> user_socket(const Environment& env);
std::optional<std::string> user_database(const Environment& env);

// The sockets a client tries, in order: the user's (if any), then the system's.
std::vector<std::string> client_sockets(const Environment& env);

// The database a client opens when given none: the user's if it exists, else the system's if it
// exists; when neither exists, the user's (or the system's when there is no user path), which
// the caller's error then names. The second member lists every path looked at, for that error.
struct DatabaseChoice {
  std::string path;
  std::vector<std::string> looked_at;
  bool exists = false;  // `path` was found
};
DatabaseChoice client_database(const Environment& env,
                               const std::function<bool(const std::string&)>& exists);

}  // namespace insole::paths

#endif  // INSOLE_PATHS_PATHS_H_
