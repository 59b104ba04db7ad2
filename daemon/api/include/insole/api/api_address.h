// Where the local API listens and where clients look for it.
//
// A user's daemon: $XDG_RUNTIME_DIR/insole/insoled.sock; the system service (no
// XDG_RUNTIME_DIR): /run/insole/insoled.sock. Clients try the user's socket, then the system's.
// The optional TCP listener accepts loopback addresses only: the API has no authentication, so
// the socket's file mode (0660) is its access control.
#ifndef INSOLE_API_API_ADDRESS_H_
#define INSOLE_API_API_ADDRESS_H_

#include <boost/asio/ip/tcp.hpp>
#include <string>
#include <string_view>
#include <vector>

namespace insole::api {

inline constexpr const char* kSystemSocketPath = "/run/insole/insoled.sock";

// xdg_runtime_dir: getenv("XDG_RUNTIME_DIR"), may be null or empty.
std::string default_socket_path(const char* xdg_runtime_dir);
// The paths a client tries in order when given none.
std::vector<std::string> client_socket_paths(const char* xdg_runtime_dir);

// "127.0.0.1:PORT" or "[::1]:PORT" (PORT 0: any free port). Throws ApiError for anything else,
// including non-loopback addresses.
boost::asio::ip::tcp::endpoint parse_loopback_endpoint(std::string_view text);

}  // namespace insole::api

#endif  // INSOLE_API_API_ADDRESS_H_
