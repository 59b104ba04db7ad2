// The local API's optional TCP address (where its Unix socket is: insole/paths/paths.h). It
// accepts loopback addresses only: the API has no authentication, so the socket's file mode
// (0660) is its access control.
#ifndef INSOLE_API_API_ADDRESS_H_
#define INSOLE_API_API_ADDRESS_H_

#include <boost/asio/ip/tcp.hpp>
#include <string>
#include <string_view>

namespace insole::api {

// "127.0.0.1:PORT" or "[::1]:PORT" (PORT 0: any free port). Throws ApiError for anything else,
// including non-loopback addresses.
boost::asio::ip::tcp::endpoint parse_loopback_endpoint(std::string_view text);

}  // namespace insole::api

#endif  // INSOLE_API_API_ADDRESS_H_
