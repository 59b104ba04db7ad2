#include <memory>
#include <string>

#include "insole/link/link.h"
#include "insole/link/replay_link.h"
#include "insole/link/serial_link.h"
#include "insole/link/tcp_link.h"
#include "insole/link/usb_link.h"

namespace insole::link {

std::unique_ptr<Link> open_link(boost::asio::io_context& io, const std::string& uri) {
  const auto colon = uri.find(':');
  const std::string scheme = colon == std::string::npos ? uri : uri.substr(0, colon);
  if (scheme == "serial") return std::make_unique<SerialLink>(io, uri.substr(colon + 1), uri);
  if (scheme == "tcp") return std::make_unique<TcpLink>(io, uri);
  if (scheme == "usb") return std::make_unique<UsbLink>(io, uri);
  if (scheme == "replay") return std::make_unique<ReplayLink>(io, uri);
  if (!uri.empty() && uri.front() == '/')
    return std::make_unique<SerialLink>(io, uri, "serial:" + uri);
  throw LinkError("unsupported device URI '" + uri +
                  "': use serial:/dev/ttyACM0 (or a device path), usb:1209:0001[/SERIAL], "
                  "tcp:127.0.0.1:5760 or replay:FILE[?speed=recorded|full]");
}

}  // namespace insole::link
