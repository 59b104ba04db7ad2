// Where the dashboard listens: "127.0.0.1:8421", "[::1]:8421", "localhost:8421",
// "0.0.0.0:8421" (every interface; needs a token). Pure parsing.
#ifndef INSOLE_WEB_WEB_ADDRESS_H_
#define INSOLE_WEB_WEB_ADDRESS_H_

#include <boost/asio/ip/tcp.hpp>
#include <optional>
#include <string_view>

namespace insole::web {

// nullopt when the text is not an IP address (or localhost) and a port 0..65535.
std::optional<boost::asio::ip::tcp::endpoint> parse_web_address(std::string_view text);

bool is_loopback(const boost::asio::ip::tcp::endpoint& endpoint);

}  // namespace insole::web

#endif  // INSOLE_WEB_WEB_ADDRESS_H_
