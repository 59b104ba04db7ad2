#include "status_commands.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>
#include <optional>

#include "insole/api/api_address.h"
#include "insole/api/api_client.h"
#include "insole/paths/paths.h"
#include "status_output.h"

namespace insole::ctl {

namespace {

using namespace std::chrono_literals;

// insoled answers at once and sends a live update every second; much longer means it is stuck.
constexpr auto kAnswerTimeout = 5s;

struct StatusOptions {
  std::string socket;
  bool json = false;
  std::optional<long> count;  // live: stop after this many updates
};

int usage(const std::string& message) {
  std::fprintf(stderr,
               "insolectl: %s\n"
               "usage: insolectl status [--socket PATH] [--json]\n"
               "       insolectl live [--socket PATH] [--count N] [--json]\n",
               message.c_str());
  return 2;
}

std::string time_of_day() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char text[16];
  std::strftime(text, sizeof(text), "%H:%M:%S", &local);
  return text;
}

}  // namespace

int run_status_command(const std::string& command, const std::vector<std::string>& args) {
  StatusOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--json") {
      o.json = true;
    } else if (a == "--socket" || (a == "--count" && command == "live")) {
      if (i + 1 >= args.size()) return usage("missing value for " + a);
      const std::string& v = args[++i];
      if (a == "--socket") {
        o.socket = v;
        continue;
      }
      char* end = nullptr;
      const long n = std::strtol(v.c_str(), &end, 10);
      if (*end != '\0' || n <= 0) return usage("--count must be a number of updates > 0");
      o.count = n;
    } else {
      return usage("unknown argument " + a + " for " + command);
    }
  }
  const std::vector<std::string> paths = o.socket.empty()
                                             ? paths::client_sockets(paths::Environment::current())
                                             : std::vector<std::string>{o.socket};
  try {
    api::ApiClient client(paths);
    if (command == "status") {
      client.send(R"({"get":"status"})");
      const nlohmann::json status = client.read_object(kAnswerTimeout);
      std::cout << (o.json ? status.dump(2) + "\n" : status_report(status));
      return 0;
    }
    client.send(R"({"subscribe":"live"})");
    for (long n = 0; !o.count || n < *o.count; ++n) {
      const nlohmann::json update = client.read_object(kAnswerTimeout);
      std::cout << (o.json ? update.dump() : live_line(update, time_of_day())) << std::endl;
    }
    return 0;
  } catch (const api::NotRunning& e) {
    std::fprintf(stderr, "insolectl: %s\n", e.what());
    return kExitNotRunning;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "insolectl: %s\n", e.what());
    return 1;
  }
}

}  // namespace insole::ctl
