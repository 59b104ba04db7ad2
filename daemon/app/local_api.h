// insoled's local API (docs/api.md): an api::ApiServer answering from the Daemon's state.
//
// The daemon stays the only owner of its state: every answer is built on the loop's thread from
// the StatusTracker's snapshot when a client asks.
#ifndef INSOLE_DAEMON_APP_LOCAL_API_H_
#define INSOLE_DAEMON_APP_LOCAL_API_H_

#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "daemon.h"
#include "insole/api/api_server.h"
#include "insole/dashboard/status_tracker.h"

namespace insole::app {

struct LocalApiOptions {
  std::string socket_path;  // empty: no Unix socket
  std::optional<boost::asio::ip::tcp::endpoint> tcp;
};

class LocalApi {
 public:
  LocalApi(Daemon& daemon, const dashboard::StatusTracker& status, LocalApiOptions options);
  // Listens; throws api::ApiError (another insoled answers on the socket, path unusable...).
  void start();

 private:
  Daemon& daemon_;
  const dashboard::StatusTracker& status_;
  LocalApiOptions options_;
  std::unique_ptr<api::ApiServer> server_;
};

// The local API the configuration asks for (api_socket, --api-tcp), listening; null when none
// is configured. Throws api::ApiError when it cannot listen.
std::unique_ptr<LocalApi> start_local_api(Daemon& daemon, const dashboard::StatusTracker& status,
                                          const std::optional<std::string>& tcp);

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_LOCAL_API_H_
