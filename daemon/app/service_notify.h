// Tells systemd (Type=notify) how the service is doing, through sd_notify(3): READY=1 once the
// database is open and devices are being looked for, RELOADING=1 around a SIGHUP reload,
// STOPPING=1 when shutting down, STATUS= a line for `systemctl status`. Without NOTIFY_SOCKET
// (not started by systemd) every call does nothing.
#ifndef INSOLE_DAEMON_APP_SERVICE_NOTIFY_H_
#define INSOLE_DAEMON_APP_SERVICE_NOTIFY_H_

#include <string_view>

namespace insole::app::notify {

void ready();
void reloading();
void stopping();
void status(std::string_view line);

}  // namespace insole::app::notify

#endif  // INSOLE_DAEMON_APP_SERVICE_NOTIFY_H_
