#include "insole/web/static_assets.h"

#include <fstream>
#include <sstream>

#include "insole/web/embedded_assets.h"

namespace insole::web {
namespace {

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A relative name that stays inside the assets: no "..", no empty or hidden segments.
bool safe_name(std::string_view name) {
  if (name.empty() || name.find('\\') != std::string_view::npos) return false;
  std::size_t from = 0;
  while (from <= name.size()) {
    auto slash = name.find('/', from);
    if (slash == std::string_view::npos) slash = name.size();
    const auto segment = name.substr(from, slash - from);
    if (segment.empty() || segment[0] == '.') return false;
    from = slash + 1;
  }
  return true;
}

}  // namespace

std::string content_type_for(std::string_view name) {
  if (ends_with(name, ".html")) return "text/html; charset=utf-8";
  if (ends_with(name, ".js") || ends_with(name, ".mjs")) return "text/javascript; charset=utf-8";
  if (ends_with(name, ".css")) return "text/css; charset=utf-8";
  if (ends_with(name, ".svg")) return "image/svg+xml";
  if (ends_with(name, ".png")) return "image/png";
  if (ends_with(name, ".json")) return "application/json";
  if (ends_with(name, ".ico")) return "image/x-icon";
  return "text/plain; charset=utf-8";
}

std::optional<Asset> StaticAssets::find(std::string_view path) const {
  if (path.empty() || path[0] != '/') return std::nullopt;
  std::string_view name = path.substr(1);
  if (name.empty()) name = "index.html";
  if (!safe_name(name)) return std::nullopt;
  if (!directory_.empty()) {
    std::ifstream in(directory_ + "/" + std::string(name), std::ios::binary);
    if (!in) return std::nullopt;
    std::ostringstream body;
    body << in.rdbuf();
    return Asset{content_type_for(name), body.str()};
  }
  for (const auto& file : embedded_files()) {
    if (file.name == name) return Asset{content_type_for(name), std::string(file.bytes)};
  }
  return std::nullopt;
}

}  // namespace insole::web
