// insoled's local API (docs/api.md): an api::ApiServer answering from the Daemon's state.
//
// The daemon stays the only owner of its state: every answer is built on the loop's thread from
// Daemon::status() when a client asks. As a DaemonListener it remembers the devices of the
// current run (URI, firmware), so a device that left is still reported, as gone or reconnecting.
#ifndef INSOLE_DAEMON_APP_LOCAL_API_H_
#define INSOLE_DAEMON_APP_LOCAL_API_H_

#include <boost/asio/ip/tcp.hpp>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "api_status.h"
#include "daemon.h"
#include "daemon_listener.h"
#include "insole/api/api_server.h"

namespace insole::app {

struct LocalApiOptions {
  std::string socket_path;  // empty: no Unix socket
  std::optional<boost::asio::ip::tcp::endpoint> tcp;
  bool one_run = false;
};

class LocalApi : public DaemonListener {
 public:
  LocalApi(Daemon& daemon, LocalApiOptions options);
  // Listens; throws api::ApiError (another insoled answers on the socket, path unusable...).
  void start();
  api::Status snapshot() const;

  void on_run_started(std::int64_t run_id) override;
  void on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) override;

 private:
  Daemon& daemon_;
  LocalApiOptions options_;
  ApiIdentity identity_;
  std::map<std::string, SeenDevice> seen_;  // by serial number, in the current run
  std::unique_ptr<api::ApiServer> server_;
};

// The local API the configuration asks for (api_socket, --api-tcp), listening; null when none
// is configured. Throws api::ApiError when it cannot listen.
std::unique_ptr<LocalApi> start_local_api(Daemon& daemon, const std::optional<std::string>& tcp,
                                          bool one_run);

}  // namespace insole::app

#endif  // INSOLE_DAEMON_APP_LOCAL_API_H_
