// The dashboard's HTTP and WebSocket server (Boost.Beast) on the daemon's io_context: one
// thread, no locks.
//
// Contract:
// - Every HTTP request goes to the Handler with a Respond function to call once with the
//   answer, on the io_context's thread, now or later: a handler with slow work (a report over
//   every stored run) does it elsewhere and posts its answer back, so the loop that records the
//   insoles never waits. The connection reads its next request only after the answer. A
//   handler that throws before answering gets a 500 with the exception's message.
// - GET /ws/live upgrades to a WebSocket: the new client first gets the OnLiveOpen messages,
//   then whatever broadcast() sends. Clients only listen; what they send is ignored.
// - broadcast(): a droppable message (a live frame) is skipped for a client that still has
//   two or more messages waiting (it gets a newer one next time), so a slow page sees fewer
//   frames, never old ones; other messages are queued, and a client with more than
//   max_queued_messages waiting is closed. Nothing here ever blocks the loop.
// - Protection for a service on a PC with a browser: with a token (required by the caller when
//   bound beyond loopback) every request to /api/ and /ws/ must carry it (web_types.h
//   authorized()); the page's own files hold no data and are served without it. Without
//   one, the Host header must name the loopback (no DNS rebinding). A request that changes
//   something (not GET) or opens the WebSocket must come from this origin when the browser says
//   where it comes from (Origin header), and bodies must be application/json (no cross-site
//   form posts). Bodies above max_body_bytes get 413.
// - start() throws std::runtime_error saying why it cannot listen (address in use...).
#ifndef INSOLE_WEB_WEB_SERVER_H_
#define INSOLE_WEB_WEB_SERVER_H_

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "insole/web/web_types.h"

namespace insole::web {

struct WebServerConfig {
  boost::asio::ip::tcp::endpoint endpoint;
  std::string token;  // empty: none required (loopback only; the caller checks)
  std::size_t max_body_bytes = 64 * 1024;
  std::size_t max_connections = 64;
  std::size_t max_queued_messages = 256;  // per live client
};

class WebServer {
 public:
  using Respond = std::function<void(WebResponse)>;
  using Handler = std::function<void(const WebRequest&, Respond)>;
  using OnLiveOpen = std::function<std::vector<std::string>()>;
  using Notice = std::function<void(const std::string&)>;

  WebServer(boost::asio::io_context& io, WebServerConfig config, Handler handler,
            OnLiveOpen on_live_open, Notice notice = {});
  ~WebServer();
  WebServer(const WebServer&) = delete;
  WebServer& operator=(const WebServer&) = delete;

  void start();
  void stop();  // closes the listener and every connection; idempotent
  unsigned short port() const;

  void broadcast(const std::string& message, bool droppable);
  std::size_t live_clients() const;
  std::uint64_t frames_skipped() const;  // droppable messages not sent to a slow client

  struct State;

 private:
  boost::asio::io_context& io_;
  std::shared_ptr<State> state_;
};

}  // namespace insole::web

#endif  // INSOLE_WEB_WEB_SERVER_H_
