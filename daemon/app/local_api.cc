#include "local_api.h"

#include "insole/api/api_address.h"
#include "insole/log/log.h"

namespace insole::app {

LocalApi::LocalApi(Daemon& daemon, const dashboard::StatusTracker& status, LocalApiOptions options)
    : daemon_(daemon), status_(status), options_(std::move(options)) {}

void LocalApi::start() {
  api::ServerConfig config;
  config.socket_path = options_.socket_path;
  config.tcp = options_.tcp;
  server_ = std::make_unique<api::ApiServer>(
      daemon_.io(), config, [this] { return status_.snapshot(); },
      [](const std::string& message) { log::warning(message); });
  server_->start();
  if (!options_.socket_path.empty()) log::info("local API on " + options_.socket_path);
  if (options_.tcp) {
    log::info("local API on tcp " + options_.tcp->address().to_string() + ":" +
              std::to_string(server_->tcp_port()));
  }
}

std::unique_ptr<LocalApi> start_local_api(Daemon& daemon, const dashboard::StatusTracker& status,
                                          const std::optional<std::string>& tcp) {
  LocalApiOptions options;
  options.socket_path = daemon.config().api_socket;
  if (tcp) options.tcp = api::parse_loopback_endpoint(*tcp);
  if (options.socket_path.empty() && !options.tcp) return nullptr;
  auto local_api = std::make_unique<LocalApi>(daemon, status, std::move(options));
  local_api->start();
  return local_api;
}

}  // namespace insole::app
