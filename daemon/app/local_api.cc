#include "local_api.h"

#include <unistd.h>

#include "insole/api/api_address.h"
#include "log.h"

#ifndef INSOLE_VERSION
#define INSOLE_VERSION "unknown"
#endif

namespace insole::app {

LocalApi::LocalApi(Daemon& daemon, LocalApiOptions options)
    : daemon_(daemon), options_(std::move(options)) {
  identity_.version = INSOLE_VERSION;
  identity_.pid = ::getpid();
  identity_.started = std::chrono::steady_clock::now();
  identity_.database = daemon.config().database;
  identity_.one_run = options_.one_run;
  daemon_.add_listener(this);
}

void LocalApi::start() {
  api::ServerConfig config;
  config.socket_path = options_.socket_path;
  config.tcp = options_.tcp;
  server_ = std::make_unique<api::ApiServer>(
      daemon_.io(), config, [this] { return snapshot(); },
      [](const std::string& message) { log::warning(message); });
  server_->start();
  if (!options_.socket_path.empty()) log::info("local API on " + options_.socket_path);
  if (options_.tcp) {
    log::info("local API on tcp " + options_.tcp->address().to_string() + ":" +
              std::to_string(server_->tcp_port()));
  }
}

api::Status LocalApi::snapshot() const {
  return api_status(daemon_.status(), seen_, identity_,
                    {std::chrono::steady_clock::now(), std::chrono::system_clock::now()});
}

void LocalApi::on_run_started(std::int64_t) { seen_.clear(); }

void LocalApi::on_device_ready(const std::string& uri, const insole::v1::DeviceInfo& info) {
  seen_[info.serial_number()] = {uri, info.firmware_version()};
}

std::unique_ptr<LocalApi> start_local_api(Daemon& daemon, const std::optional<std::string>& tcp,
                                          bool one_run) {
  LocalApiOptions options;
  options.socket_path = daemon.config().api_socket;
  if (tcp) options.tcp = api::parse_loopback_endpoint(*tcp);
  options.one_run = one_run;
  if (options.socket_path.empty() && !options.tcp) return nullptr;
  auto local_api = std::make_unique<LocalApi>(daemon, std::move(options));
  local_api->start();
  return local_api;
}

}  // namespace insole::app
