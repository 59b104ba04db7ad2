// Generated at build time from daemon/web/assets/ (embed_assets.cmake): every file's name and
// bytes.
#ifndef INSOLE_WEB_EMBEDDED_ASSETS_H_
#define INSOLE_WEB_EMBEDDED_ASSETS_H_

#include <cstddef>
#include <span>
#include <string_view>

namespace insole::web {

struct EmbeddedFile {
  std::string_view name;  // relative to assets/, '/'-separated
  std::string_view bytes;
};

std::span<const EmbeddedFile> embedded_files();

}  // namespace insole::web

#endif  // INSOLE_WEB_EMBEDDED_ASSETS_H_
