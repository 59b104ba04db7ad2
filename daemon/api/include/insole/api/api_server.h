// The daemon's local API server: newline-delimited JSON over a Unix stream socket (and, if asked,
// a loopback TCP port), on the daemon's Boost.Asio io_context (one thread, no locks).
//
// Contract:
// - The server owns no daemon state: every answer is built from the Snapshot callback, called on
//   the io_context when a client asks and once per live tick (shared by all subscribers).
// - Requests are parsed by parse_request (request.h); bad ones get {"api":1,"error":...} and the
//   client stays connected. A request line longer than max_request_bytes gets one error and is
//   discarded up to its newline (memory stays bounded); a client leaving mid-line is forgotten.
// - Each client has its own bounded output queue: a client whose unread output would exceed
//   max_queued_bytes (beyond what the kernel buffers) is disconnected and reported through
//   Notice, so a stuck client can never grow the daemon's memory or delay recording.
// - start() refuses (ApiError) when another process answers on the socket path, replaces a stale
//   socket file nobody answers on, and refuses a path that is not a socket. The socket gets
//   mode socket_mode (0660); stop() or the destructor removes it if it is still ours.
#ifndef INSOLE_API_API_SERVER_H_
#define INSOLE_API_API_SERVER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "insole/api/api_error.h"
#include "insole/api/status.h"

namespace insole::api {

struct ServerConfig {
  std::string socket_path;                            // empty: no Unix socket
  std::optional<boost::asio::ip::tcp::endpoint> tcp;  // loopback only (api_address.h)
  unsigned socket_mode = 0660;
  std::chrono::milliseconds live_interval{1000};
  std::size_t max_queued_bytes = 256 * 1024;  // per client
  std::size_t max_request_bytes = 4096;
  std::size_t max_clients = 32;
};

class ApiServer {
 public:
  using Snapshot = std::function<Status()>;
  using Notice = std::function<void(const std::string&)>;  // a sentence for the daemon's log

  ApiServer(boost::asio::io_context& io, ServerConfig config, Snapshot snapshot,
            Notice notice = {});
  ~ApiServer();
  ApiServer(const ApiServer&) = delete;
  ApiServer& operator=(const ApiServer&) = delete;

  void start();  // throws ApiError
  void stop();   // closes listeners and clients; idempotent

  std::size_t clients() const;
  std::uint64_t dropped_slow_clients() const;
  unsigned short tcp_port() const;  // the bound port (useful with port 0); 0 without TCP

 private:
  class Impl;
  std::shared_ptr<Impl> impl_;  // shared with pending handlers, which may outlive the server
};

}  // namespace insole::api

#endif  // INSOLE_API_API_SERVER_H_
