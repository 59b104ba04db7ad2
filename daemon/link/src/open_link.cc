#include <memory>
#include <string>

#include "insole/link/link.h"
#include "insole/link/paced_link.h"
#include "insole/link/replay_link.h"
#include "insole/link/serial_link.h"
#include "insole/link/tcp_link.h"
#include "insole/link/usb_link.h"

namespace insole::link {

namespace {

std::unique_ptr<Link> paced(boost::asio::io_context& io, std::unique_ptr<Link> link,
                            const LinkOptions& options) {
  if (options.read_tick.count() <= 0) return link;
  return std::make_unique<PacedLink>(io, std::move(link), options.read_tick);
}

}  // namespace

std::string device_uri_problem(std::string_view uri) {
  const auto colon = uri.find(':');
  const std::string_view scheme = colon == std::string_view::npos ? uri : uri.substr(0, colon);
  if (scheme == "serial" || scheme == "tcp" || scheme == "usb" || scheme == "replay") return "";
  if (!uri.empty() && uri.front() == '/') return "";
  return "unsupported device URI '" + std::string(uri) +
         "': use serial:/dev/ttyACM0 (or a device path), usb:1209:0001[/SERIAL], "
         "tcp:127.0.0.1:5760 or replay:FILE[?speed=recorded|full]";
}

std::unique_ptr<Link> open_link(boost::asio::io_context& io, const std::string& uri,
                                const LinkOptions& options) {
  const auto colon = uri.find(':');
  const std::string scheme = colon == std::string::npos ? uri : uri.substr(0, colon);
  const auto tick = options.read_tick.count() > 0 ? options.read_tick : SerialLink::kTick;
  if (scheme == "serial") return std::make_unique<SerialLink>(io, uri.substr(colon + 1), uri, tick);
  if (scheme == "tcp") return paced(io, std::make_unique<TcpLink>(io, uri), options);
  if (scheme == "usb") return paced(io, std::make_unique<UsbLink>(io, uri), options);
  if (scheme == "replay")
    return std::make_unique<ReplayLink>(io, uri, options.replay_origin);  // no insole to wait for
  if (!uri.empty() && uri.front() == '/')
    return std::make_unique<SerialLink>(io, uri, "serial:" + uri, tick);
  throw LinkError(device_uri_problem(uri));
}

}  // namespace insole::link
