#include "insole/web/web_server.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <deque>
#include <list>
#include <optional>
#include <stdexcept>

namespace insole::web {

namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

constexpr auto kIdleTimeout = std::chrono::seconds(60);

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// "localhost:8421" -> "localhost"; "[::1]:8421" -> "::1".
std::string host_name(const std::string& host) {
  if (!host.empty() && host[0] == '[') {
    const auto end = host.find(']');
    return end == std::string::npos ? host : host.substr(1, end - 1);
  }
  return host.substr(0, host.find(':'));
}

bool is_loopback_name(const std::string& host) {
  const std::string name = lower(host_name(host));
  return name == "localhost" || name == "127.0.0.1" || name == "::1";
}

// "http://127.0.0.1:8421" -> "127.0.0.1:8421".
std::string origin_host(const std::string& origin) {
  const auto scheme = origin.find("://");
  return scheme == std::string::npos ? origin : origin.substr(scheme + 3);
}

}  // namespace

class LiveSession;

struct WebServer::State {
  WebServerConfig config;
  Handler handler;
  OnLiveOpen on_live_open;
  Notice notice;
  std::unique_ptr<tcp::acceptor> acceptor;
  std::list<std::weak_ptr<LiveSession>> live;
  std::list<std::weak_ptr<void>> connections;  // HTTP sessions, to close on stop()
  std::size_t open_connections = 0;
  std::uint64_t frames_skipped = 0;
  bool stopped = false;

  void note(const std::string& what) {
    if (notice) notice(what);
  }
};

class LiveSession : public std::enable_shared_from_this<LiveSession> {
 public:
  LiveSession(tcp::socket socket, std::shared_ptr<WebServer::State> state)
      : ws_(std::move(socket)), state_(std::move(state)) {}

  void accept(http::request<http::string_body> request) {
    ws_.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
    ws_.async_accept(request, [self = shared_from_this()](beast::error_code ec) {
      if (ec) return self->close();
      self->accepted_ = true;
      // What the page needs first (layouts) goes ahead of anything broadcast meanwhile.
      const auto first = self->state_->on_live_open();
      for (auto it = first.rbegin(); it != first.rend(); ++it) {
        self->queue_.push_front(std::make_shared<const std::string>(*it));
      }
      if (!self->queue_.empty()) self->write();
      self->read();
    });
  }

  // Queues a message; false when the client is too far behind (it is closed).
  void send(std::shared_ptr<const std::string> message) {
    if (closed_) return;
    if (queue_.size() >= state_->config.max_queued_messages) {
      state_->note("dashboard client dropped: it reads too slowly");
      close();
      return;
    }
    queue_.push_back(std::move(message));
    if (accepted_ && queue_.size() == 1) write();
  }
  std::size_t waiting() const { return queue_.size(); }
  bool open() const { return !closed_; }

  void close() {
    if (closed_) return;
    closed_ = true;
    beast::error_code ignored;
    beast::get_lowest_layer(ws_).socket().shutdown(tcp::socket::shutdown_both, ignored);
    beast::get_lowest_layer(ws_).socket().close(ignored);
  }

 private:
  void write() {
    ws_.text(true);
    ws_.async_write(asio::buffer(*queue_.front()),
                    [self = shared_from_this()](beast::error_code ec, std::size_t) {
                      if (ec) return self->close();
                      self->queue_.pop_front();
                      if (!self->queue_.empty() && !self->closed_) self->write();
                    });
  }

  // The page sends nothing that matters; reading keeps control frames (ping, close) flowing.
  void read() {
    ws_.async_read(in_, [self = shared_from_this()](beast::error_code ec, std::size_t) {
      if (ec) return self->close();
      self->in_.consume(self->in_.size());
      self->read();
    });
  }

  websocket::stream<beast::tcp_stream> ws_;
  std::shared_ptr<WebServer::State> state_;
  beast::flat_buffer in_;
  std::deque<std::shared_ptr<const std::string>> queue_;
  bool accepted_ = false;
  bool closed_ = false;
};

class HttpSession : public std::enable_shared_from_this<HttpSession> {
 public:
  HttpSession(tcp::socket socket, std::shared_ptr<WebServer::State> state)
      : stream_(std::move(socket)), state_(std::move(state)) {
    ++state_->open_connections;
  }
  ~HttpSession() { --state_->open_connections; }

  void start() { read(); }
  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.socket().close(ignored);
  }

 private:
  void read() {
    parser_.emplace();
    parser_->body_limit(state_->config.max_body_bytes);
    stream_.expires_after(kIdleTimeout);
    http::async_read(
        stream_, buffer_, *parser_,
        [self = shared_from_this()](beast::error_code ec, std::size_t) { self->on_read(ec); });
  }

  void on_read(beast::error_code ec) {
    if (ec == http::error::end_of_stream) return close();
    if (ec == http::error::body_limit) {
      WebResponse r = json_error(413, "the request body is larger than " +
                                          std::to_string(state_->config.max_body_bytes) + " bytes");
      return reply(r, 11, false);
    }
    if (ec) return close();  // timeout, reset, garbage: nothing to answer
    auto request = parser_->release();
    const unsigned version = request.version();
    const bool keep_alive = request.keep_alive();

    WebRequest r;
    r.method = std::string(request.method_string());
    r.authorization = std::string(request[http::field::authorization]);
    r.body = request.body();
    if (!parse_target(std::string(request.target()), r.path, r.query)) {
      return reply(json_error(400, "malformed request target"), version, keep_alive);
    }
    const std::string host(request[http::field::host]);
    const std::string origin(request[http::field::origin]);
    const auto& config = state_->config;
    if (config.token.empty() && !is_loopback_name(host)) {
      return reply(json_error(403, "this dashboard answers only to localhost addresses"), version,
                   keep_alive);
    }
    // The page's own files hold no data and ES module imports cannot carry a token: only the
    // API and the live feed need it.
    const bool holds_data = r.path.rfind("/api/", 0) == 0 || r.path.rfind("/ws/", 0) == 0;
    if (holds_data && !authorized(r, config.token)) {
      return reply(json_error(401, "a token is required: open the dashboard with ?token=..."),
                   version, keep_alive);
    }
    const bool upgrade = websocket::is_upgrade(request);
    if ((upgrade || r.method != "GET") && !origin.empty() &&
        lower(origin_host(origin)) != lower(host)) {
      return reply(json_error(403, "requests from other sites are refused"), version, keep_alive);
    }
    if (upgrade) {
      if (r.path != "/ws/live") {
        return reply(json_error(404, "no WebSocket at " + r.path), version, false);
      }
      auto live = std::make_shared<LiveSession>(stream_.release_socket(), state_);
      state_->live.push_back(live);
      live->accept(std::move(request));
      return;
    }
    if (!r.body.empty() && r.method != "GET") {
      const std::string type = lower(std::string(request[http::field::content_type]));
      if (type.rfind("application/json", 0) != 0) {
        return reply(json_error(415, "request bodies must be application/json"), version,
                     keep_alive);
      }
    }
    auto answered = std::make_shared<bool>(false);
    WebServer::Respond respond = [self = shared_from_this(), version, keep_alive,
                                  answered](WebResponse response) {
      if (*answered) return;
      *answered = true;
      self->reply(response, version, keep_alive);
    };
    try {
      state_->handler(r, respond);
    } catch (const std::exception& e) {
      state_->note(std::string("dashboard request ") + r.method + " " + r.path +
                   " failed: " + e.what());
      respond(json_error(500, e.what()));
    }
  }

  void reply(const WebResponse& r, unsigned version, bool keep_alive) {
    auto res = std::make_shared<http::response<http::string_body>>(
        static_cast<http::status>(r.status), version);
    res->set(http::field::server, "insoled");
    res->set(http::field::content_type, r.content_type);
    res->set(http::field::cache_control, "no-store");
    res->set("X-Content-Type-Options", "nosniff");
    res->set("Content-Security-Policy",
             "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
             "connect-src 'self'; frame-ancestors 'none'");
    for (const auto& [name, value] : r.headers) res->set(name, value);
    res->keep_alive(keep_alive);
    res->body() = r.body;
    res->prepare_payload();
    stream_.expires_after(kIdleTimeout);
    http::async_write(
        stream_, *res,
        [self = shared_from_this(), res, keep_alive](beast::error_code ec, std::size_t) {
          if (ec || !keep_alive) return self->close();
          self->read();
        });
  }

  beast::tcp_stream stream_;
  std::shared_ptr<WebServer::State> state_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
};

namespace {

void accept_next(const std::shared_ptr<WebServer::State>& state) {
  if (state->stopped || !state->acceptor) return;
  state->acceptor->async_accept([state](beast::error_code ec, tcp::socket socket) {
    if (state->stopped) return;
    if (!ec) {
      state->live.remove_if([](const auto& w) {
        const auto s = w.lock();
        return !s || !s->open();
      });
      // Live pages count too: each began as an HTTP connection and keeps its socket.
      if (state->open_connections + state->live.size() >= state->config.max_connections) {
        beast::error_code ignored;
        socket.close(ignored);
      } else {
        auto session = std::make_shared<HttpSession>(std::move(socket), state);
        state->connections.push_back(session);
        session->start();
      }
    }
    state->connections.remove_if([](const auto& w) { return w.expired(); });
    accept_next(state);
  });
}

}  // namespace

WebServer::WebServer(asio::io_context& io, WebServerConfig config, Handler handler,
                     OnLiveOpen on_live_open, Notice notice)
    : io_(io), state_(std::make_shared<State>()) {
  state_->config = std::move(config);
  state_->handler = std::move(handler);
  state_->on_live_open = std::move(on_live_open);
  state_->notice = std::move(notice);
}

WebServer::~WebServer() { stop(); }

void WebServer::start() {
  auto acceptor = std::make_unique<tcp::acceptor>(io_);
  const auto& ep = state_->config.endpoint;
  beast::error_code ec;
  acceptor->open(ep.protocol(), ec);
  if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor->bind(ep, ec);
  if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw std::runtime_error("cannot serve the dashboard on " + ep.address().to_string() + ":" +
                             std::to_string(ep.port()) + ": " + ec.message());
  }
  state_->acceptor = std::move(acceptor);
  accept_next(state_);
}

void WebServer::stop() {
  if (state_->stopped) return;
  state_->stopped = true;
  if (state_->acceptor) {
    beast::error_code ignored;
    state_->acceptor->close(ignored);
  }
  for (auto& w : state_->live) {
    if (auto s = w.lock()) s->close();
  }
  for (auto& w : state_->connections) {
    if (auto s = w.lock()) static_cast<HttpSession*>(s.get())->close();
  }
}

unsigned short WebServer::port() const {
  if (!state_->acceptor) return 0;
  beast::error_code ec;
  const auto ep = state_->acceptor->local_endpoint(ec);
  return ec ? 0 : ep.port();
}

void WebServer::broadcast(const std::string& message, bool droppable) {
  auto shared = std::make_shared<const std::string>(message);
  state_->live.remove_if([](const auto& w) {
    const auto s = w.lock();
    return !s || !s->open();
  });
  for (auto& w : state_->live) {
    auto s = w.lock();
    if (droppable && s->waiting() >= 2) {
      ++state_->frames_skipped;
      continue;
    }
    s->send(shared);
  }
}

std::size_t WebServer::live_clients() const {
  std::size_t n = 0;
  for (const auto& w : state_->live) {
    const auto s = w.lock();
    if (s && s->open()) ++n;
  }
  return n;
}

std::uint64_t WebServer::frames_skipped() const { return state_->frames_skipped; }

}  // namespace insole::web
