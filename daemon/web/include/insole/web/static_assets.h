// The dashboard's files (HTML, JavaScript, CSS): compiled into the daemon, so the page needs
// nothing from the network and no install path; or read from a directory (insoled
// --web-assets DIR) while developing the page.
#ifndef INSOLE_WEB_STATIC_ASSETS_H_
#define INSOLE_WEB_STATIC_ASSETS_H_

#include <optional>
#include <string>
#include <string_view>

namespace insole::web {

struct Asset {
  std::string content_type;
  std::string body;
};

// Content type by file extension (html, js, mjs, css, svg, png, json, ico, txt).
std::string content_type_for(std::string_view name);

class StaticAssets {
 public:
  // Embedded files; with a non-empty directory, files are read from it instead.
  explicit StaticAssets(std::string directory = {}) : directory_(std::move(directory)) {}
  // path: the URL path ("/" is index.html). nullopt for unknown files and for any path that
  // tries to leave the directory ("..", absolute, backslashes).
  std::optional<Asset> find(std::string_view path) const;

 private:
  std::string directory_;
};

}  // namespace insole::web

#endif  // INSOLE_WEB_STATIC_ASSETS_H_
