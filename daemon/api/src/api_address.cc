#include "insole/api/api_address.h"

#include <charconv>

#include "insole/api/api_error.h"

namespace insole::api {

boost::asio::ip::tcp::endpoint parse_loopback_endpoint(std::string_view text) {
  const std::string what = "API TCP address '" + std::string(text) + "'";
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size())
    throw ApiError(what + " is not HOST:PORT (e.g. 127.0.0.1:7788)");
  std::string_view host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']')
    host = host.substr(1, host.size() - 2);
  const std::string_view port_text = text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] =
      std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535)
    throw ApiError(what + ": port must be 0..65535");
  boost::system::error_code bad;
  const auto address = boost::asio::ip::make_address(std::string(host), bad);
  if (bad) throw ApiError(what + ": '" + std::string(host) + "' is not an IP address");
  if (!address.is_loopback())
    throw ApiError(what +
                   " is not a loopback address; the API has no authentication, so it only "
                   "listens on 127.0.0.1 or ::1");
  return {address, static_cast<unsigned short>(port)};
}

}  // namespace insole::api
