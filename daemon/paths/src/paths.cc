#include "insole/paths/paths.h"

#include <cstdlib>

namespace insole::paths {
namespace {

bool set(const char* v) { return v != nullptr && *v != '\0'; }

// $VAR/insole/NAME, else $HOME/FALLBACK/insole/NAME.
std::optional<std::string> xdg_path(const char* var, const char* home, const char* fallback,
                                    const char* name) {
  if (set(var)) return std::string(var) + "/insole/" + name;
  if (set(home)) return std::string(home) + "/" + fallback + "/insole/" + name;
  return std::nullopt;
}

}  // namespace

Environment Environment::current() {
  return {std::getenv("XDG_RUNTIME_DIR"), std::getenv("XDG_DATA_HOME"), std::getenv("HOME")};
}

std::optional<std::string> user_socket(const Environment& env) {
  if (!set(env.xdg_runtime_dir)) return std::nullopt;  // no per-user runtime directory
  return std::string(env.xdg_runtime_dir) + "/insole/insoled.sock";
}

std::optional<std::string> user_database(const Environment& env) {
  return xdg_path(env.xdg_data_home, env.home, ".local/share", "insole.db");
}

std::vector<std::string> client_sockets(const Environment& env) {
  std::vector<std::string> sockets;
  if (const auto user = user_socket(env)) sockets.push_back(*user);
  sockets.emplace_back(kSystemSocket);
  return sockets;
}

DatabaseChoice client_database(const Environment& env,
                               const std::function<bool(const std::string&)>& exists) {
  DatabaseChoice choice;
  const auto user = user_database(env);
  if (user) choice.looked_at.push_back(*user);
  choice.looked_at.emplace_back(kSystemDatabase);
  for (const std::string& path : choice.looked_at) {
    if (exists(path)) {
      choice.path = path;
      choice.exists = true;
      return choice;
    }
  }
  choice.path = choice.looked_at.front();
  return choice;
}

}  // namespace insole::paths
