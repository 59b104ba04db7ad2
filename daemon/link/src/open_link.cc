#include <memory>
#include <string>

#include "insole/link/link.h"
#include "insole/link/serial_link.h"

namespace insole::link {

std::unique_ptr<Link> open_link(boost::asio::io_context& io, const std::string& uri) {
  const auto colon = uri.find(':');
  const std::string scheme = colon == std::string::npos ? "" : uri.substr(0, colon);
  if (scheme == "serial") return std::make_unique<SerialLink>(io, uri.substr(colon + 1), uri);
  if (!uri.empty() && uri.front() == '/')
    return std::make_unique<SerialLink>(io, uri, "serial:" + uri);
  throw LinkError("unsupported device URI '" + uri +
                  "': use serial:/dev/ttyACM0 (or a device path)");
}

}  // namespace insole::link
