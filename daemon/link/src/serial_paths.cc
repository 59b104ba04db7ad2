#include "insole/link/serial_paths.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>

namespace insole::link {

std::vector<std::string> expand_serial_globs(const std::vector<std::string>& patterns) {
  std::vector<std::string> paths;
  for (const std::string& pattern : patterns) {
    glob_t g{};
    // GLOB_NOCHECK is not set: a pattern matching nothing gives nothing.
    if (glob(pattern.c_str(), 0, nullptr, &g) == 0) {
      for (std::size_t i = 0; i < g.gl_pathc; ++i) paths.emplace_back(g.gl_pathv[i]);
    }
    globfree(&g);
  }
  std::sort(paths.begin(), paths.end());
  paths.erase(std::unique(paths.begin(), paths.end()), paths.end());
  // A dangling symlink (its device just left) matches the glob but cannot be opened.
  std::erase_if(paths, [](const std::string& p) {
    std::error_code ec;
    return !std::filesystem::exists(p, ec);
  });
  return paths;
}

std::optional<std::string> serial_device_file(const std::string& uri) {
  std::string path;
  if (uri.rfind("serial:", 0) == 0) {
    path = uri.substr(7);
  } else if (!uri.empty() && uri.front() == '/') {
    path = uri;
  } else {
    return std::nullopt;
  }
  std::error_code ec;
  const auto canonical = std::filesystem::canonical(path, ec);
  if (ec) return std::nullopt;
  return canonical.string();
}

}  // namespace insole::link
