#include "insole/api/api_client.h"

#include <sys/stat.h>

#include <boost/asio/read_until.hpp>
#include <boost/asio/write.hpp>
#include <istream>

namespace insole::api {

namespace asio = boost::asio;

ApiClient::ApiClient(const std::vector<std::string>& paths) {
  std::string tried;
  for (const std::string& p : paths) {
    struct stat st {};
    if (::stat(p.c_str(), &st) == 0) {
      path_ = p;
      break;
    }
    tried += (tried.empty() ? "" : " or ") + p;
  }
  if (path_.empty()) throw NotRunning("insoled is not running (no socket at " + tried + ")");
  boost::system::error_code ec;
  socket_.connect(asio::local::stream_protocol::endpoint(path_), ec);
  if (ec == asio::error::connection_refused) {
    throw NotRunning("insoled is not running (stale socket at " + path_ + ", nobody answers)");
  }
  if (ec == asio::error::access_denied) {
    throw ApiError("cannot connect to " + path_ + ": " + ec.message() +
                   " (the socket is for its owner and group)");
  }
  if (ec) throw ApiError("cannot connect to " + path_ + ": " + ec.message());
}

void ApiClient::send(std::string_view line) {
  std::string out(line);
  out += '\n';
  boost::system::error_code ec;
  asio::write(socket_, asio::buffer(out), ec);
  if (ec) throw ApiError("insoled on " + path_ + " closed the connection: " + ec.message());
}

std::optional<std::string> ApiClient::read_line(std::chrono::milliseconds timeout) {
  boost::system::error_code result = asio::error::would_block;
  std::size_t length = 0;
  asio::async_read_until(socket_, in_, '\n',
                         [&](const boost::system::error_code& ec, std::size_t n) {
                           result = ec;
                           length = n;
                         });
  io_.restart();
  io_.run_for(timeout);
  if (result == asio::error::would_block) {  // still waiting: give up on it
    socket_.cancel();
    io_.restart();
    io_.run();
    throw ApiError("insoled on " + path_ + " did not answer within " +
                   std::to_string(timeout.count()) + " ms");
  }
  if (result == asio::error::eof) return std::nullopt;
  if (result) throw ApiError("reading from insoled on " + path_ + ": " + result.message());
  std::string line(length - 1, '\0');
  std::istream(&in_).read(line.data(), static_cast<std::streamsize>(length - 1));
  in_.consume(1);
  return line;
}

nlohmann::json ApiClient::read_object(std::chrono::milliseconds timeout) {
  const std::optional<std::string> line = read_line(timeout);
  if (!line) throw ApiError("insoled on " + path_ + " closed the connection");
  nlohmann::json object = nlohmann::json::parse(*line, nullptr, false);
  if (object.is_discarded() || !object.is_object())
    throw ApiError("insoled on " + path_ + " sent something that is not a JSON object");
  if (object.contains("error")) throw ApiError("insoled: " + object["error"].get<std::string>());
  return object;
}

}  // namespace insole::api
