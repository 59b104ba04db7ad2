// A blocking client of the local API (insolectl, tests): connect, send request lines, read
// answer lines with a deadline. Uses its own io_context; not for use inside the daemon.
#ifndef INSOLE_API_API_CLIENT_H_
#define INSOLE_API_API_CLIENT_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/streambuf.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "insole/api/api_error.h"

namespace insole::api {

class ApiClient {
 public:
  // Connects to the first of paths that has a socket file. Throws NotRunning ("insoled is not
  // running (no socket at PATH)", or a stale socket nobody answers on) or ApiError (e.g. no
  // permission to use the socket).
  explicit ApiClient(const std::vector<std::string>& paths);

  const std::string& path() const { return path_; }
  void send(std::string_view line);  // a '\n' is added
  // The next line without its '\n'; nullopt when insoled closed the connection. Throws ApiError
  // when nothing came within timeout.
  std::optional<std::string> read_line(std::chrono::milliseconds timeout);
  // The next line as JSON; an {"error":...} answer, a closed connection or bad JSON throw ApiError.
  nlohmann::json read_object(std::chrono::milliseconds timeout);

 private:
  boost::asio::io_context io_;
  boost::asio::local::stream_protocol::socket socket_{io_};
  boost::asio::streambuf in_;
  std::string path_;
};

}  // namespace insole::api

#endif  // INSOLE_API_API_CLIENT_H_
