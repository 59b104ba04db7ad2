#include "insole/api/api_server.h"

#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <boost/asio/generic/stream_protocol.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <deque>
#include <filesystem>
#include <istream>
#include <optional>
#include <utility>
#include <vector>

#include "insole/api/request.h"
#include "insole/api/status_json.h"

namespace insole::api {

namespace asio = boost::asio;
using local_socket = asio::local::stream_protocol;
using error_code = boost::system::error_code;

class ApiServer::Impl : public std::enable_shared_from_this<Impl> {
 public:
  Impl(asio::io_context& io, ServerConfig config, Snapshot snapshot, Notice notice)
      : io_(io),
        config_(std::move(config)),
        snapshot_(std::move(snapshot)),
        notice_(std::move(notice)),
        unix_acceptor_(io),
        tcp_acceptor_(io),
        live_timer_(io),
        retry_timer_(io) {}

  void start();
  void stop();
  std::size_t clients() const { return clients_.size(); }
  std::uint64_t dropped() const { return dropped_; }
  unsigned short tcp_port() const {
    error_code ec;
    return tcp_acceptor_.is_open() ? tcp_acceptor_.local_endpoint(ec).port() : 0;
  }

 private:
  class Client;
  friend class Client;

  void listen_unix();
  void listen_tcp();
  void accept_unix();
  void accept_tcp();
  void accepted(asio::generic::stream_protocol::socket socket, std::string peer);
  void accept_failed(const error_code& ec, void (Impl::*again)());
  void remove(const Client* client);
  void subscribed();
  void schedule_live();
  void live_tick();
  std::optional<Status> snapshot(std::string& error);
  void notice(const std::string& message) const {
    if (notice_) notice_(message);
  }

  asio::io_context& io_;
  ServerConfig config_;
  Snapshot snapshot_;
  Notice notice_;
  local_socket::acceptor unix_acceptor_;
  asio::ip::tcp::acceptor tcp_acceptor_;
  asio::steady_timer live_timer_;
  asio::steady_timer retry_timer_;
  std::vector<std::shared_ptr<Client>> clients_;
  std::uint64_t next_client_ = 1;
  std::uint64_t dropped_ = 0;
  bool live_running_ = false;
  bool stopped_ = false;
  std::optional<std::pair<dev_t, ino_t>> bound_;  // the socket file we created
};

// One connection: reads request lines, answers them in order through a bounded output queue.
class ApiServer::Impl::Client : public std::enable_shared_from_this<Client> {
 public:
  Client(std::shared_ptr<Impl> server, asio::generic::stream_protocol::socket socket,
         std::string peer)
      : server_(std::move(server)),
        socket_(std::move(socket)),
        in_(server_->config_.max_request_bytes),
        peer_(std::move(peer)) {}

  void start() { read_next(); }
  void refuse(const std::string& message) {
    send(error_json(message).dump());
    close_after_output_ = true;
  }
  bool subscribed() const { return subscribed_ && open_; }
  void send_live(const nlohmann::json& update) {
    nlohmann::json line = update;
    line["seq"] = ++live_seq_;
    send(line.dump());
  }
  void close() {
    if (!open_) return;
    open_ = false;
    error_code ignored;
    socket_.close(ignored);  // pending operations complete with operation_aborted
    server_->remove(this);
  }

 private:
  void read_next() {
    asio::async_read_until(
        socket_, in_, '\n',
        [self = shared_from_this()](const error_code& ec, std::size_t n) { self->on_read(ec, n); });
  }

  void on_read(const error_code& ec, std::size_t n) {
    if (!open_) return;
    if (ec == asio::error::not_found) {  // the buffer is full and has no newline
      if (!skipping_) {
        send(error_json("request longer than " +
                        std::to_string(server_->config_.max_request_bytes) +
                        " bytes; ignored up to its newline")
                 .dump());
      }
      // Drop it as it comes, so the memory used stays bounded, until its end.
      skipping_ = true;
      in_.consume(in_.size());
      read_next();
      return;
    }
    if (ec) {  // gone, possibly mid-line: nothing to answer
      close();
      return;
    }
    std::string line(n - 1, '\0');
    std::istream(&in_).read(line.data(), static_cast<std::streamsize>(n - 1));
    in_.consume(1);   // the '\n'
    if (skipping_) {  // the end of an overlong request
      skipping_ = false;
    } else {
      handle(line);
    }
    if (open_ && !close_after_output_) read_next();
  }

  void handle(const std::string& line) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) return;  // blank lines are free
    const ParsedRequest request = parse_request(line);
    if (!request.kind) {
      send(error_json(request.error).dump());
      return;
    }
    std::string error;
    const std::optional<Status> status = server_->snapshot(error);
    if (!status) {
      send(error_json(error).dump());
      return;
    }
    if (*request.kind == RequestKind::kGetStatus) {
      send(to_json(*status).dump());
    } else if (!subscribed_) {
      subscribed_ = true;
      send_live(to_json(*status, "live"));
      server_->subscribed();
    }
  }

  void send(std::string line) {
    if (!open_) return;
    line += '\n';
    if (queued_ + line.size() > server_->config_.max_queued_bytes) {
      ++server_->dropped_;
      server_->notice("API client " + peer_ + " dropped: it reads too slowly (" +
                      std::to_string(queued_) + " bytes waiting)");
      close();
      return;
    }
    queued_ += line.size();
    out_.push_back(std::move(line));
    if (!writing_) write_next();
  }

  void write_next() {
    writing_ = true;
    asio::async_write(socket_, asio::buffer(out_.front()),
                      [self = shared_from_this()](const error_code& ec, std::size_t) {
                        self->writing_ = false;
                        if (!self->open_) return;
                        if (ec) {
                          self->close();
                          return;
                        }
                        self->queued_ -= self->out_.front().size();
                        self->out_.pop_front();
                        if (!self->out_.empty()) {
                          self->write_next();
                        } else if (self->close_after_output_) {
                          self->close();
                        }
                      });
  }

  std::shared_ptr<Impl> server_;
  asio::generic::stream_protocol::socket socket_;
  asio::streambuf in_;
  std::string peer_;
  std::deque<std::string> out_;
  std::size_t queued_ = 0;
  std::uint64_t live_seq_ = 0;
  bool writing_ = false;
  bool subscribed_ = false;
  bool close_after_output_ = false;
  bool skipping_ = false;
  bool open_ = true;
};

void ApiServer::Impl::start() {
  if (!config_.socket_path.empty()) listen_unix();
  if (config_.tcp) listen_tcp();
  if (unix_acceptor_.is_open()) accept_unix();
  if (tcp_acceptor_.is_open()) accept_tcp();
}

void ApiServer::Impl::listen_unix() {
  namespace fs = std::filesystem;
  const std::string& path = config_.socket_path;
  if (path.size() >= sizeof(sockaddr_un::sun_path)) {
    throw ApiError("API socket path is too long (" + std::to_string(path.size()) +
                   " bytes, at most " + std::to_string(sizeof(sockaddr_un::sun_path) - 1) +
                   "): " + path);
  }
  if (const fs::path dir = fs::path(path).parent_path(); !dir.empty()) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
      throw ApiError("cannot create " + dir.string() + " for the API socket: " + ec.message() +
                     " (choose another path with --api-socket)");
    }
  }
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) {
      throw ApiError(path +
                     " exists and is not a socket; remove it or choose another --api-socket");
    }
    local_socket::socket probe(io_);
    error_code ec;
    probe.connect(local_socket::endpoint(path), ec);
    if (!ec) {
      throw ApiError("another insoled is already running and answering on " + path +
                     "; stop it first, or give this one another --api-socket");
    }
    if (ec != asio::error::connection_refused) {
      throw ApiError("cannot check the existing API socket " + path + ": " + ec.message());
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
      throw ApiError("cannot remove the stale API socket " + path + ": " +
                     std::generic_category().message(errno));
    }
    notice("replaced a stale API socket at " + path + " (left by a daemon that did not exit)");
  }
  error_code ec;
  unix_acceptor_.open(local_socket(), ec);
  if (!ec) unix_acceptor_.bind(local_socket::endpoint(path), ec);
  if (!ec) unix_acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw ApiError("cannot listen on " + path + ": " + ec.message());
  if (::lstat(path.c_str(), &st) == 0) bound_ = {st.st_dev, st.st_ino};
  if (::chmod(path.c_str(), config_.socket_mode) != 0) {
    throw ApiError("cannot set the mode of " + path + ": " +
                   std::generic_category().message(errno));
  }
}

void ApiServer::Impl::listen_tcp() {
  const auto& endpoint = *config_.tcp;
  const std::string where = endpoint.address().to_string() + ":" + std::to_string(endpoint.port());
  error_code ec;
  tcp_acceptor_.open(endpoint.protocol(), ec);
  if (!ec) tcp_acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) tcp_acceptor_.bind(endpoint, ec);
  if (!ec) tcp_acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw ApiError("cannot listen for the API on tcp " + where + ": " + ec.message());
}

void ApiServer::Impl::accept_unix() {
  unix_acceptor_.async_accept(
      [self = shared_from_this()](const error_code& ec, local_socket::socket socket) {
        if (self->stopped_) return;
        if (ec) return self->accept_failed(ec, &Impl::accept_unix);
        self->accepted(asio::generic::stream_protocol::socket(std::move(socket)),
                       "#" + std::to_string(self->next_client_++));
        self->accept_unix();
      });
}

void ApiServer::Impl::accept_tcp() {
  tcp_acceptor_.async_accept([self = shared_from_this()](const error_code& ec,
                                                         asio::ip::tcp::socket socket) {
    if (self->stopped_) return;
    if (ec) return self->accept_failed(ec, &Impl::accept_tcp);
    error_code ignored;
    const auto remote = socket.remote_endpoint(ignored);
    self->accepted(asio::generic::stream_protocol::socket(std::move(socket)),
                   "#" + std::to_string(self->next_client_++) + " (tcp " +
                       remote.address().to_string() + ":" + std::to_string(remote.port()) + ")");
    self->accept_tcp();
  });
}

void ApiServer::Impl::accept_failed(const error_code& ec, void (Impl::*again)()) {
  if (ec == asio::error::operation_aborted) return;
  // Out of file descriptors and the like: say so and try again later instead of spinning.
  notice("API cannot accept a client: " + ec.message() + "; retrying in 1 s");
  retry_timer_.expires_after(std::chrono::seconds(1));
  retry_timer_.async_wait([self = shared_from_this(), again](const error_code& e) {
    if (!e && !self->stopped_) ((*self).*again)();
  });
}

void ApiServer::Impl::accepted(asio::generic::stream_protocol::socket socket, std::string peer) {
  auto client = std::make_shared<Client>(shared_from_this(), std::move(socket), std::move(peer));
  const bool full = clients_.size() >= config_.max_clients;
  clients_.push_back(client);
  if (full) {
    client->refuse("too many API clients (" + std::to_string(config_.max_clients) +
                   "); try again later");
  } else {
    client->start();
  }
}

void ApiServer::Impl::remove(const Client* client) {
  std::erase_if(clients_, [client](const auto& c) { return c.get() == client; });
}

std::optional<Status> ApiServer::Impl::snapshot(std::string& error) {
  try {
    return snapshot_();
  } catch (const std::exception& e) {  // the daemon's state is its own affair: report, go on
    error = std::string("status unavailable: ") + e.what();
    return std::nullopt;
  }
}

void ApiServer::Impl::subscribed() {
  if (live_running_) return;
  live_running_ = true;
  schedule_live();
}

void ApiServer::Impl::schedule_live() {
  live_timer_.expires_after(config_.live_interval);
  live_timer_.async_wait([self = shared_from_this()](const error_code& ec) {
    if (ec || self->stopped_) return;
    self->live_tick();
  });
}

void ApiServer::Impl::live_tick() {
  std::vector<std::shared_ptr<Client>> subscribers;
  for (const auto& c : clients_) {
    if (c->subscribed()) subscribers.push_back(c);
  }
  if (subscribers.empty()) {
    live_running_ = false;  // the next subscriber restarts the tick
    return;
  }
  std::string error;
  const std::optional<Status> status = snapshot(error);
  const nlohmann::json update = status ? to_json(*status, "live") : error_json(error);
  for (const auto& c : subscribers) c->send_live(update);
  schedule_live();
}

void ApiServer::Impl::stop() {
  if (stopped_) return;
  stopped_ = true;
  error_code ignored;
  unix_acceptor_.close(ignored);
  tcp_acceptor_.close(ignored);
  live_timer_.cancel();
  retry_timer_.cancel();
  for (const auto& c : std::vector<std::shared_ptr<Client>>(clients_)) c->close();
  struct stat st {};
  // Only our own socket: a successor may already have replaced it.
  if (bound_ && ::lstat(config_.socket_path.c_str(), &st) == 0 && st.st_dev == bound_->first &&
      st.st_ino == bound_->second) {
    ::unlink(config_.socket_path.c_str());
  }
  bound_.reset();
}

ApiServer::ApiServer(asio::io_context& io, ServerConfig config, Snapshot snapshot, Notice notice)
    : impl_(std::make_shared<Impl>(io, std::move(config), std::move(snapshot), std::move(notice))) {
}

ApiServer::~ApiServer() { impl_->stop(); }

void ApiServer::start() {
  try {
    impl_->start();
  } catch (...) {
    impl_->stop();
    throw;
  }
}
void ApiServer::stop() { impl_->stop(); }
std::size_t ApiServer::clients() const { return impl_->clients(); }
std::uint64_t ApiServer::dropped_slow_clients() const { return impl_->dropped(); }
unsigned short ApiServer::tcp_port() const { return impl_->tcp_port(); }

}  // namespace insole::api
