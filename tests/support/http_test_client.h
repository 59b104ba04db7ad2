// A blocking HTTP/1.1 client for tests of the web dashboard (Boost.Beast): one request on a new
// connection to 127.0.0.1:port, the whole answer back.
#ifndef INSOLE_TESTS_SUPPORT_HTTP_TEST_CLIENT_H_
#define INSOLE_TESTS_SUPPORT_HTTP_TEST_CLIENT_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <string>
#include <utility>
#include <vector>

namespace insole::testing {

struct HttpReply {
  int status = 0;
  std::string body;
  std::string content_type;
};

// host: the Host header's name (the port is added).
inline HttpReply http_fetch(unsigned short port, boost::beast::http::verb method,
                            const std::string& target,
                            const std::vector<std::pair<std::string, std::string>>& headers = {},
                            const std::string& body = "", const std::string& host = "127.0.0.1") {
  namespace http = boost::beast::http;
  boost::asio::io_context io;
  boost::beast::tcp_stream stream(io);
  stream.connect(boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), port));
  http::request<http::string_body> req(method, target, 11);
  req.set(http::field::host, host + ":" + std::to_string(port));
  for (const auto& [name, value] : headers) req.set(name, value);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return {static_cast<int>(res.result_int()), res.body(),
          std::string(res[http::field::content_type])};
}

}  // namespace insole::testing

#endif  // INSOLE_TESTS_SUPPORT_HTTP_TEST_CLIENT_H_
