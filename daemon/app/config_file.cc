#include "config_file.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace insole::app {

ConfigParse load_config_file(const std::string& path, bool required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    const int err = errno;
    if (err == ENOENT && !required) return ConfigParse{Config{}, {}};
    return ConfigParse{std::nullopt,
                       "cannot read configuration " + path + ": " + std::strerror(err)};
  }
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) {
    return ConfigParse{std::nullopt, "cannot read configuration " + path};
  }
  return parse_config(text.str(), path);
}

}  // namespace insole::app
